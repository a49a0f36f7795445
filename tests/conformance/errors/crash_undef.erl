-module(crash_undef).
-export([main/0]).
main() ->
    io:format("calling missing function~n"),
    crash_undef_nonexistent_module:some_function(1, 2).

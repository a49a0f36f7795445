-module(crash_badfun).
-export([main/0]).
id(X) -> X.
main() ->
    F = id(not_a_fun),
    io:format("about to call~n"),
    F(1).

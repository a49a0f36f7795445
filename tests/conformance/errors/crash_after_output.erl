-module(crash_after_output).
-export([main/0]).
id(X) -> X.
main() ->
    [io:format("line ~p~n", [I]) || I <- lists:seq(1, 5)],
    io:format("partial line without newline "),
    _ = id(atom) + 1,
    io:format("never~n").

-module(crash_if_clause).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("start~n"),
    X = id(5),
    if X > 10 -> io:format("big~n"); X < 0 -> io:format("neg~n") end.

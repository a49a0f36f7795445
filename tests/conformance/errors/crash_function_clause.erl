-module(crash_function_clause).
-export([main/0]).
fact(0) -> 1;
fact(N) when N > 0 -> N * fact(N - 1).
main() ->
    io:format("~p~n", [fact(5)]),
    io:format("~p~n", [fact(-1)]).

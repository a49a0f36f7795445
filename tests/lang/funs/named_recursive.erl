-module(named_recursive).
-export([main/0]).
main() ->
    F = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end,
    io:format("~p~n", [F(25)]).

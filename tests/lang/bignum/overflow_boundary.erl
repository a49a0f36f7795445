-module(overflow_boundary).
-export([main/0]).
main() ->
    Max = (1 bsl 59) - 1,
    io:format("~p~n~p~n~p~n", [Max, Max + 1, (Max + 1) * (Max + 1)]),
    io:format("~p~n", [-(1 bsl 59) - 1]).

-module(arith_precedence).
-export([main/0]).
main() ->
    io:format("~p~n", [1 + 2 * 3]),
    io:format("~p~n", [(1 + 2) * 3]),
    io:format("~p~n", [10 - 4 - 3]),
    io:format("~p~n", [100 div 10 div 5]),
    io:format("~p~n", [2 * 3 rem 4]),
    io:format("~p~n", [- 2 * - 3]),
    io:format("~p~n", [1 bsl 2 + 1]),
    io:format("~p~n", [1 + 1 bsl 2]),
    io:format("~p~n", [3 band 2 + 1]),
    io:format("~p~n", [6 bor 1 * 8]),
    io:format("~p~n", [-(3 - 5)]),
    io:format("~p~n", [bnot 1 + 1]),
    io:format("~p~n", [1 + 2 == 3]),
    io:format("~p~n", [[1,2] ++ [3] ++ [4]]),
    io:format("~p~n", [[1,2,3,4] -- [1] -- [1]]),
    io:format("~p~n", [not true orelse true]),
    io:format("~p~n", [true andalso 1 < 2]),
    ok.

-module(arith_bitwise).
-export([main/0]).
main() ->
    Vals = [0, 1, 5, 12, 255, -1, -5, -256, 1023],
    [io:format("~p: band 6=~p bor 6=~p bxor 6=~p bnot=~p~n",
               [V, V band 6, V bor 6, V bxor 6, bnot V]) || V <- Vals],
    io:format("~p ~p ~p~n", [-12 band -7, -12 bor -7, -12 bxor -7]),
    io:format("~p ~p~n", [-12 band 16#FF, 16#F0F0 bxor -1]),
    io:format("~p ~p ~p ~p~n", [1 bsl 10, 1024 bsr 3, -1 bsr 5, -16 bsr 2]),
    io:format("~p ~p ~p~n", [-17 bsr 1, 5 bsl -1, 5 bsr -2]),
    io:format("~p ~p~n", [bnot 0, bnot bnot 42]),
    io:format("~.2B ~.2B~n", [200 band 100, 200 bor 100]),
    ok.

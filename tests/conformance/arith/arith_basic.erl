-module(arith_basic).
-export([main/0]).
id(X) -> X.
main() ->
    A = id(17), B = id(5),
    io:format("~p ~p ~p~n", [A + B, A - B, A * B]),
    io:format("~p ~p~n", [A div B, A rem B]),
    io:format("~p~n", [A / B]),
    io:format("~p ~p~n", [-A, +A]),
    io:format("~p~n", [A * B - A div B + A rem B]),
    io:format("~p~n", [(A + B) * (A - B)]),
    io:format("~p ~p~n", [id(0) * 123456, id(1) - 1]),
    io:format("~p~n", [lists:sum([X * X || X <- lists:seq(1, 100)])]),
    io:format("~p~n", [2 + 3 * 4 - 10 div 3 rem 2]),
    io:format("~p ~p~n", [16#FF, 2#1010]),
    io:format("~p ~p ~p~n", [8#777, 36#ZZ, 1_000_000]),
    io:format("~p ~p ~p~n", [$a, $\n, $\s]),
    io:format("~p ~p~n", [$\x41, $\101]),
    ok.

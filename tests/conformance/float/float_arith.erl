-module(float_arith).
-export([main/0]).
id(X) -> X.
main() ->
    A = id(3.75), B = id(-1.5),
    io:format("~p ~p ~p ~p~n", [A + B, A - B, A * B, A / B]),
    io:format("~p ~p~n", [id(1.0) / 3, id(2.0) / 3]),
    io:format("~p~n", [id(1.0e300) * 1.0e5 / 1.0e10]),
    io:format("~p ~p~n", [id(1.0e-300) / 1.0e10, id(5.0e-324)]),
    io:format("~p~n", [id(0.1) * 3]),
    io:format("~p~n", [id(1.0) - 0.9]),
    io:format("~p~n", [lists:foldl(fun(X, S) -> S + X end, 0.0, lists:duplicate(10, 0.1))]),
    io:format("~p ~p~n", [id(123456789.0) * 1000, id(1.0e15) + 0.3]),
    io:format("~p ~p~n", [id(2.0) * 0, id(-2.0) * 0]),
    io:format("~p~n", [math:sqrt(2) * math:sqrt(2)]),
    ok.

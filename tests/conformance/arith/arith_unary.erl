-module(arith_unary).
-export([main/0]).
id(X) -> X.
main() ->
    X = id(5),
    io:format("~p ~p ~p ~p~n", [-X, - -X, +X, -(-X)]),
    F = id(2.5),
    io:format("~p ~p~n", [-F, +F]),
    io:format("~p ~p~n", [-0, -0.0]),
    io:format("~p~n", [-id(0.0)]),
    io:format("~p~n", [0.0 == -0.0]),
    io:format("~p~n", [bnot X]),
    io:format("~p~n", [- (X * 3)]),
    ok.

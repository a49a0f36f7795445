-module(fun_shadow).
-export([main/0]).
main() ->
    X = 1,
    F = fun(X) -> X * 100 end,
    io:format("~p ~p~n", [F(5), X]),
    Y = 10,
    G = fun(Z) when Z > Y -> big; (_) -> small end,
    io:format("~p ~p~n", [G(11), G(10)]),
    H = fun(Y1) -> Y1 + Y end,
    io:format("~p~n", [H(1)]),
    Acc = lists:foldl(fun(E, Acc) -> E + Acc end, 0, [1, 2, 3]),
    io:format("~p~n", [Acc]),
    ok.

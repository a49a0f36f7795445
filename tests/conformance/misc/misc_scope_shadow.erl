-module(misc_scope_shadow).
-export([main/0]).
main() ->
    X = 1,
    L = [X || X <- [10, 20]],
    io:format("~p ~p~n", [X, L]),
    F = fun(Y) -> [X + Y || X <- [100, 200]] end,
    io:format("~p~n", [F(1)]),
    case {a, X} of
        {a, X} -> io:format("X still bound to ~p~n", [X])
    end,
    G = fun(X) -> {shadowed, X} end,
    io:format("~p~n", [G(99)]),
    Sum = lists:foldl(fun(E, Acc) -> E + Acc end, X, [1, 2, 3]),
    io:format("~p~n", [Sum]),
    ok.

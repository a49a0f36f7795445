-module(fun_higher_order).
-export([main/0]).
compose(F, G) -> fun(X) -> F(G(X)) end.
twice(F) -> compose(F, F).
curry(F) -> fun(X) -> fun(Y) -> F(X, Y) end end.
flip(F) -> fun(A, B) -> F(B, A) end.
iterate(_F, 0, X) -> X;
iterate(F, N, X) -> iterate(F, N - 1, F(X)).
main() ->
    Inc = fun(X) -> X + 1 end,
    Dbl = fun(X) -> X * 2 end,
    io:format("~p ~p~n", [(compose(Inc, Dbl))(5), (compose(Dbl, Inc))(5)]),
    io:format("~p~n", [(twice(twice(Dbl)))(1)]),
    Add = curry(fun erlang:'+'/2),
    io:format("~p~n", [(Add(3))(4)]),
    Sub = flip(fun erlang:'-'/2),
    io:format("~p~n", [Sub(1, 10)]),
    io:format("~p~n", [iterate(Dbl, 100, 1)]),
    Pipeline = lists:foldl(fun compose/2, fun(X) -> X end, [Inc, Dbl, Inc]),
    io:format("~p~n", [Pipeline(10)]),
    io:format("~p~n", [lists:map(fun({F, A}) -> F(A) end, [{Inc, 1}, {Dbl, 2}, {fun erlang:atom_to_list/1, x}])]),
    ok.

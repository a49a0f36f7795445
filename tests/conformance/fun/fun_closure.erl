-module(fun_closure).
-export([main/0]).
make_adder(N) -> fun(X) -> X + N end.
make_counter(Start) -> fun(Inc) -> make_counter_value(Start + Inc) end.
make_counter_value(V) -> {V, make_counter(V)}.
main() ->
    Add5 = make_adder(5), Add10 = make_adder(10),
    io:format("~p ~p~n", [Add5(1), Add10(1)]),
    Adders = [make_adder(N) || N <- lists:seq(1, 5)],
    io:format("~p~n", [[A(100) || A <- Adders]]),
    C0 = make_counter(0),
    {V1, C1} = C0(3),
    {V2, _C2} = C1(4),
    io:format("~p ~p~n", [V1, V2]),
    X = 42,
    Cap = fun() -> X end,
    io:format("~p~n", [Cap()]),
    Multi = fun(A) -> fun(B) -> fun(C) -> [X, A, B, C] end end end,
    io:format("~p~n", [((Multi(1))(2))(3)]),
    L = [1, 2, 3],
    io:format("~p~n", [lists:map(fun(E) -> E * length(L) end, L)]),
    {P, Q} = {10, 20},
    Swap = fun() -> {Q, P} end,
    io:format("~p~n", [Swap()]),
    ok.

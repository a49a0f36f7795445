-module(fun_named).
-export([main/0]).
main() ->
    Fact = fun F(0) -> 1; F(N) -> N * F(N - 1) end,
    io:format("~p~n", [Fact(20)]),
    Fib = fun Fib(0) -> 0; Fib(1) -> 1; Fib(N) -> Fib(N - 1) + Fib(N - 2) end,
    io:format("~p~n", [[Fib(N) || N <- lists:seq(0, 15)]]),
    Len = fun L([]) -> 0; L([_ | T]) -> 1 + L(T) end,
    io:format("~p~n", [Len("hello")]),
    Base = 3,
    Pow = fun P(0) -> 1; P(E) -> Base * P(E - 1) end,
    io:format("~p~n", [Pow(10)]),
    Even = fun E(0) -> true; E(1) -> false; E(N) -> E(N - 2) end,
    io:format("~p ~p~n", [Even(10), Even(7)]),
    Self = fun S(0, Acc) -> Acc; S(N, Acc) -> S(N - 1, [N | Acc]) end,
    io:format("~p~n", [Self(5, [])]),
    ok.

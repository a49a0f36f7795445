-module(recursion_classic).
-export([main/0]).
ack(0, N) -> N + 1;
ack(M, 0) -> ack(M - 1, 1);
ack(M, N) -> ack(M - 1, ack(M, N - 1)).
hanoi(0, _, _, _) -> [];
hanoi(N, From, To, Via) -> hanoi(N - 1, From, Via, To) ++ [{From, To}] ++ hanoi(N - 1, Via, To, From).
fib(0) -> 0; fib(1) -> 1; fib(N) -> fib(N - 1) + fib(N - 2).
tak(X, Y, Z) when Y < X -> tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.
binom(_, 0) -> 1;
binom(N, N) -> 1;
binom(N, K) -> binom(N - 1, K - 1) + binom(N - 1, K).
main() ->
    io:format("~p~n", [ack(2, 3)]),
    io:format("~p~n", [ack(3, 5)]),
    io:format("~p~n", [hanoi(3, a, c, b)]),
    io:format("~p~n", [length(hanoi(16, a, c, b))]),
    io:format("~p~n", [fib(22)]),
    io:format("~p~n", [tak(18, 12, 6)]),
    io:format("~p~n", [[binom(10, K) || K <- lists:seq(0, 10)]]),
    ok.

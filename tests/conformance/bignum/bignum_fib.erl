-module(bignum_fib).
-export([main/0]).
fib(N) -> fib(N, 0, 1).
fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).
main() ->
    [io:format("fib(~p) = ~p~n", [N, fib(N)]) || N <- [10, 50, 90, 91, 92, 93, 100, 200]],
    F = fib(1000),
    io:format("~p~n", [F]),
    io:format("~p~n", [fib(1001) - fib(1000) =:= fib(999)]),
    io:format("~p~n", [length(integer_to_list(fib(10000)))]),
    ok.

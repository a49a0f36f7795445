-module(recursion_tail_loop).
-export([main/0]).
loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + (N band 7)).
count(N, N) -> N;
count(I, N) -> count(I + 1, N).
even(0) -> true;
even(N) -> odd(N - 1).
odd(0) -> false;
odd(N) -> even(N - 1).
main() ->
    io:format("~p~n", [loop(10000000, 0)]),
    io:format("~p~n", [count(0, 10000000)]),
    io:format("~p ~p~n", [even(1000001), odd(1000001)]),
    ok.

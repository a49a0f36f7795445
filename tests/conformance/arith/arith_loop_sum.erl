-module(arith_loop_sum).
-export([main/0]).
sum(0, Acc) -> Acc;
sum(N, Acc) -> sum(N - 1, Acc + N).
collatz(1, Steps) -> Steps;
collatz(N, Steps) when N rem 2 =:= 0 -> collatz(N div 2, Steps + 1);
collatz(N, Steps) -> collatz(3 * N + 1, Steps + 1).
main() ->
    io:format("~p~n", [sum(100000, 0)]),
    io:format("~p~n", [collatz(27, 0)]),
    Best = lists:foldl(fun(N, {BN, BS}) ->
                               S = collatz(N, 0),
                               if S > BS -> {N, S}; true -> {BN, BS} end
                       end, {1, 0}, lists:seq(1, 10000)),
    io:format("~p~n", [Best]),
    io:format("~p~n", [lists:sum(lists:seq(1, 1000)) rem 997]),
    ok.

-module(jit_loops_acc).
-export([main/0]).

%% Counting and accumulating loops whose values cross the small-integer
%% boundary in both directions (the fast path falls back to bignums and
%% comes back), long loops that use up many reduction slices, and loops
%% mixing integer and float accumulators.

id(X) -> X.

%% count from Lo to Hi adding Step
sum_range(I, Hi, _Step, Acc) when I > Hi -> Acc;
sum_range(I, Hi, Step, Acc) -> sum_range(I + Step, Hi, Step, Acc + I).

%% walk across a boundary one step at a time, recording whether each value is small
walk(X, 0, Acc) -> lists:reverse([X | Acc]);
walk(X, N, Acc) -> walk(X + 1, N - 1, [X | Acc]).

walk_down(X, 0, Acc) -> lists:reverse([X | Acc]);
walk_down(X, N, Acc) -> walk_down(X - 1, N - 1, [X | Acc]).

%% doubling until past a limit
doubling(X, Limit, N) when X > Limit -> {X, N};
doubling(X, Limit, N) -> doubling(X * 2, Limit, N + 1).

neg_doubling(X, Limit, N) when X < Limit -> {X, N};
neg_doubling(X, Limit, N) -> neg_doubling(X * 2, Limit, N + 1).

%% factorial in a loop
fact(N) -> fact(N, 1).
fact(0, Acc) -> Acc;
fact(N, Acc) -> fact(N - 1, Acc * N).

%% linear congruential generator reduced to the small range each step
lcg(0, X, Acc) -> {X, Acc};
lcg(N, X, Acc) ->
    X1 = (X * 6364136223846793005 + 1442695040888963407) rem 576460752303423487,
    lcg(N - 1, X1, Acc bxor X1).

%% collatz steps
collatz(1, S) -> S;
collatz(N, S) when N rem 2 =:= 0 -> collatz(N div 2, S + 1);
collatz(N, S) -> collatz(3 * N + 1, S + 1).

%% float accumulator mixed with integer counter
harmonic(0, Acc) -> Acc;
harmonic(N, Acc) -> harmonic(N - 1, Acc + 1 / N).

%% accumulate into a tuple of counters
counters([], C) -> C;
counters([X | T], {Neg, Zero, Pos, Other}) when is_integer(X), X < 0 -> counters(T, {Neg + 1, Zero, Pos, Other});
counters([0 | T], {Neg, Zero, Pos, Other}) -> counters(T, {Neg, Zero + 1, Pos, Other});
counters([X | T], {Neg, Zero, Pos, Other}) when is_integer(X) -> counters(T, {Neg, Zero, Pos + 1, Other});
counters([_ | T], {Neg, Zero, Pos, Other}) -> counters(T, {Neg, Zero, Pos, Other + 1}).

main() ->
    Max = id(576460752303423487), Min = id(-576460752303423488),
    io:format("~w~n", [sum_range(id(1), id(2000000), 1, 0)]),
    io:format("~w~n", [sum_range(id(-1000000), id(1000000), 3, 0)]),
    io:format("~w~n", [sum_range(Max - 10, Max + 10, 1, 0)]),
    io:format("~w~n", [sum_range(Min - 10, Min + 10, 1, 0)]),
    io:format("~w~n", [sum_range(id(0), Max, Max div 4, 0)]),
    %% accumulator that passes the boundary many times: +Max/-Max alternately
    Osc = lists:foldl(fun(I, Acc) when I rem 2 =:= 0 -> Acc + Max; (_, Acc) -> Acc - Max - 1 end,
                      0, lists:seq(1, 100001)),
    io:format("~w~n", [Osc]),
    io:format("~w~n", [[{X, is_small(X)} || X <- walk(Max - 2, 5, [])]]),
    io:format("~w~n", [[{X, is_small(X)} || X <- walk_down(Min + 2, 5, [])]]),
    io:format("~w~n", [[X - (Max + 1) || X <- walk(Max - 2, 5, [])]]),
    io:format("~w~n", [[doubling(id(1), L, 0) || L <- [Max, Max + 1, 1 bsl 64]]]),
    io:format("~w~n", [[neg_doubling(id(-1), L, 0) || L <- [Min, Min - 1, -(1 bsl 64)]]]),
    io:format("~w~n", [[fact(N) || N <- [19, 20, 21, 25]]]),
    io:format("~w~n", [lcg(100000, 42, 0)]),
    io:format("~w~n", [lists:max([collatz(N, 0) || N <- lists:seq(1, 30000)])]),
    io:format("~w~n", [collatz(id(Max), 0)]),
    io:format("~w~n", [harmonic(100000, 0)]),
    Mixed = lists:append(lists:duplicate(20000, [-3, 0, 7, a, Max, Min, Max + 1, 1.5])),
    io:format("~w~n", [counters(Mixed, {0, 0, 0, 0})]),
    %% a product that overflows and is divided back
    P = lists:foldl(fun(X, Acc) -> Acc * X end, 1, lists:seq(1, 30)),
    Q = lists:foldl(fun(X, Acc) -> Acc div X end, P, lists:seq(1, 30)),
    io:format("~w ~w~n", [P, Q]),
    %% sum of squares with a running min/max
    {S, Lo, Hi} = lists:foldl(fun(X, {S0, L0, H0}) -> Y = X * X - 500000, {S0 + Y, min(L0, Y), max(H0, Y)} end,
                              {0, Max, Min}, lists:seq(-1000, 1000)),
    io:format("~w ~w ~w~n", [S, Lo, Hi]),
    %% the same loops in several processes at once (native code preempted
    %% and resumed), results collected in spawn order
    Self = self(),
    Jobs = [{sum, 1, 300000}, {sum, Max - 1000, Max + 1000}, {lcg, 30000, 7}, {collatz, 1, 3000},
            {sum, Min - 100, Min + 100}, {lcg, 30000, 8}],
    Pids = [spawn(fun() -> Self ! {self(), job(J)} end) || J <- Jobs],
    io:format("~w~n", [[receive {P, R} -> R end || P <- Pids]]),
    ok.

job({sum, Lo, Hi}) -> sum_range(Lo, Hi, 1, 0);
job({lcg, N, Seed}) -> lcg(N, Seed, 0);
job({collatz, Lo, Hi}) -> lists:sum([collatz(N, 0) || N <- lists:seq(Lo, Hi)]).

is_small(X) -> X >= -576460752303423488 andalso X =< 576460752303423487.

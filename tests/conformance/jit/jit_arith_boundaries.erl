-module(jit_arith_boundaries).
-export([main/0]).

%% Small-integer add/sub/mul fast paths and their overflow into bignums at the
%% 60-bit small boundaries (-2^59 .. 2^59-1), with register and literal operands.

id(X) -> X.

max_small() -> id(576460752303423487).
min_small() -> id(-576460752303423488).

ints() ->
    Max = max_small(), Min = min_small(),
    [0, 1, -1, 2, -2, 15, -16, 1000000007,
     Max, Max - 1, Max - 2, Min, Min + 1, Min + 2,
     1 bsl 58, -(1 bsl 58), (1 bsl 30) - 1, 1 bsl 30, 1 bsl 31, -(1 bsl 31),
     1 bsl 59, -(1 bsl 59) - 1, 1 bsl 60, -(1 bsl 60), 1 bsl 64, -(1 bsl 64),
     (1 bsl 64) - 1, 1 bsl 100].

nums() ->
    ints() ++ [1.0, -1.0, 0.0, -0.0, 0.5, -2.5, 1.0e18, 5.764607523034235e17].

add(A, B) -> A + B.
sub(A, B) -> A - B.
mul(A, B) -> A * B.

main() ->
    Max = max_small(), Min = min_small(),
    %% the exact boundaries, one at a time
    io:format("~p~n", [[Max + 1, Min - 1, Max + Max, Min + Min, Min - Max, Max - Min]]),
    io:format("~p~n", [[(Max + 1) - 1, (Min - 1) + 1, (Max + 1) - 1 =:= Max, (Min - 1) + 1 =:= Min]]),
    io:format("~w~n", [[Max * 2, Min * 2, Max * -1, Min * -1, Min * 1, Max * Max, Min * Min, Max * Min]]),
    io:format("~w~n", [[-Max, -Min, 0 - Min, -1 - Min, -(Min + 1)]]),
    io:format("~w~n", [[is_integer(Max + 1), (Max + 1) > Max, (Min - 1) < Min, (Max + 1) - 2 < Max]]),
    %% literal operands on either side
    lists:foreach(
      fun(X) ->
              io:format("~w: ~w~n",
                        [X, [X + 1, 1 + X, X - 1, 1 - X, X + (-1), X - (-1),
                             X * 2, 2 * X, X * -1, -1 * X, X * 16, X * -16,
                             X * 0, X + 0, X - 0, -X,
                             X + 576460752303423487, X - 576460752303423487,
                             X + (-576460752303423488), X - (-576460752303423488),
                             X * 576460752303423487, X + 18446744073709551616,
                             X - 18446744073709551616, X * 1152921504606846976]])
      end, ints()),
    %% the same register on both sides
    io:format("~w~n", [[{X + X, X - X, X * X} || X <- nums()]]),
    %% every pair, register operands
    Ns = nums(),
    lists:foreach(
      fun(A) ->
              Row = [{add(A, B), sub(A, B), mul(A, B)} || B <- Ns],
              io:format("~w~n", [{A, Row}])
      end, Ns),
    %% algebraic identities checked over all integer pairs
    Is = ints(),
    Bad = [{A, B} || A <- Is, B <- Is,
                     not ((A + B) - B =:= A andalso (A - B) + B =:= A
                          andalso A * B =:= B * A andalso A + B =:= B + A
                          andalso (A * B) - A * B =:= 0
                          andalso -(A - B) =:= B - A)],
    io:format("identities violated: ~w~n", [Bad]),
    %% signs of products near the boundary
    Signs = [{A, B, sign(A * B)} || A <- [Max, Min, -1, 1, 2, -2], B <- [Max, Min, 3, -3]],
    io:format("~w~n", [Signs]),
    %% sums that cross the boundary step by step
    io:format("~w~n", [[Max - 3 + K || K <- lists:seq(0, 6)]]),
    io:format("~w~n", [[Min + 3 - K || K <- lists:seq(0, 6)]]),
    io:format("~w~n", [[(Max - 3 + K) - K || K <- lists:seq(0, 6)]]),
    io:format("~w~n", [[(1 bsl 29 + K) * (1 bsl 30) || K <- [-1, 0, 1]]]),
    io:format("~w~n", [[(1 bsl 29) * (1 bsl 29 + K) * 2 || K <- [-1, 0, 1]]]),
    io:format("~w~n", [[(-(1 bsl 29)) * (1 bsl 30 + K) || K <- [-1, 0, 1]]]),
    ok.

sign(X) when X > 0 -> 1;
sign(X) when X < 0 -> -1;
sign(_) -> 0.

-module(jit_bitwise).
-export([main/0]).

%% band/bor/bxor fast paths on smalls (register and literal operands), the
%% bignum paths beyond the 60-bit small range, and bnot/bsl/bsr around the
%% boundaries.

id(X) -> X.

ints() ->
    Max = id(576460752303423487), Min = id(-576460752303423488),
    [0, 1, -1, 2, -2, 3, 5, -6, 255, -256, 16#F0F0, 16#FFFF,
     Max, Max - 1, Min, Min + 1, Max + 1, Min - 1,
     1 bsl 58, (1 bsl 58) - 1, -(1 bsl 58), 1 bsl 60, (1 bsl 60) - 1, -(1 bsl 60),
     1 bsl 63, (1 bsl 64) - 1, 1 bsl 64, -(1 bsl 64), -(1 bsl 64) - 1,
     16#123456789ABCDEF0123456789, -16#123456789ABCDEF0123456789].

band_(A, B) -> A band B.
bor_(A, B) -> A bor B.
bxor_(A, B) -> A bxor B.

main() ->
    Is = ints(),
    lists:foreach(
      fun(A) ->
              io:format("~w~n", [{A, [{band_(A, B), bor_(A, B), bxor_(A, B)} || B <- Is]}])
      end, Is),
    %% literal operands
    lists:foreach(
      fun(X) ->
              io:format("~w: ~w~n",
                        [X, [X band 1, 1 band X, X band -1, X band 16#FF, X bor 1, X bor -2,
                             X bxor -1, -1 bxor X, X bxor 576460752303423487,
                             X band 576460752303423487, X bor -576460752303423488,
                             X band -576460752303423488, X bxor -576460752303423488,
                             X band 16#FFFFFFFFFFFFFFFF, X bor (1 bsl 64), X bxor (1 bsl 60),
                             bnot X, X bsr 1, X bsr 4, X bsr 59, X bsr 60, X bsr 64,
                             X bsl 1, X bsl 4, X bsl 60, X bsr -1, X bsl -1]])
      end, Is),
    %% identities over all pairs
    Bad = [{A, B} || A <- Is, B <- Is,
                     not ((A bxor B) bxor B =:= A
                          andalso (A band B) bor (A bxor B) =:= A bor B
                          andalso A band B =:= B band A
                          andalso bnot (A band B) =:= (bnot A) bor (bnot B)
                          andalso (A bor B) - (A band B) =:= A bxor B
                          andalso A + B =:= (A bxor B) + 2 * (A band B))],
    io:format("identities violated: ~w~n", [Bad]),
    %% shifts walking across the boundary
    io:format("~w~n", [[1 bsl N || N <- lists:seq(56, 65)]]),
    io:format("~w~n", [[-1 bsl N || N <- lists:seq(56, 65)]]),
    io:format("~w~n", [[(1 bsl 65) bsr N || N <- lists:seq(3, 10)]]),
    io:format("~w~n", [[id(-576460752303423488) bsr N || N <- [0, 1, 58, 59, 60, 100]]]),
    io:format("~w~n", [[id(576460752303423487) bsl N || N <- [0, 1, 2, 3]]]),
    %% popcount loop with band and bsr
    io:format("~w~n", [[popcount(X) || X <- [0, 1, 255, 576460752303423487, 1 bsl 60, (1 bsl 64) - 1]]]),
    %% masks built in a loop
    Masks = lists:foldl(fun(I, Acc) -> Acc bor (1 bsl I) end, 0, lists:seq(0, 70, 7)),
    io:format("~w ~w~n", [Masks, Masks band 16#FFFFFFFFFFFFFFF]),
    %% xor checksum over a range crossing the boundary
    Start = 576460752303423487 - 500,
    io:format("~w~n", [lists:foldl(fun(X, Acc) -> Acc bxor X end, 0, lists:seq(Start, Start + 1000))]),
    ok.

popcount(0) -> 0;
popcount(X) -> (X band 1) + popcount(X bsr 1).

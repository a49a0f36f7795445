-module(jit_divrem).
-export([main/0]).

%% div/rem fast paths on smalls with every sign combination, the divisors
%% the fast path hands to the generic path (0 and -1), the small minimum
%% divided by -1 (a bignum result), and bignum dividends and divisors.

id(X) -> X.

dividends() ->
    Max = id(576460752303423487), Min = id(-576460752303423488),
    [0, 1, -1, 2, -2, 7, -7, 100, -100, 1000000007, -1000000007,
     Max, Max - 1, Min, Min + 1, Max + 1, Min - 1,
     1 bsl 60, -(1 bsl 60), 1 bsl 64, -(1 bsl 64), 1 bsl 100].

divisors() ->
    Max = id(576460752303423487), Min = id(-576460752303423488),
    [1, -1, 2, -2, 3, -3, 7, -7, 16, -16, 1000000007,
     Max, Min, Max + 1, Min - 1, 1 bsl 64, -(1 bsl 64)].

d(A, B) -> try A div B catch error:E -> E end.
r(A, B) -> try A rem B catch error:E -> E end.

main() ->
    Ds = divisors(),
    lists:foreach(
      fun(A) ->
              io:format("~w~n", [{A, [{d(A, B), r(A, B)} || B <- Ds]}])
      end, dividends()),
    %% invariants: A = B * (A div B) + A rem B, |A rem B| < |B|, sign of rem follows A
    Bad = [{A, B} || A <- dividends(), B <- Ds,
                     not (A =:= B * (A div B) + A rem B
                          andalso abs(A rem B) < abs(B)
                          andalso (A rem B =:= 0 orelse (A rem B > 0) =:= (A > 0)))],
    io:format("invariants violated: ~w~n", [Bad]),
    %% zero divisors
    io:format("~w~n", [[{d(A, 0), r(A, 0)} || A <- [0, 1, -1, 576460752303423487, 1 bsl 64, 1.5, a]]]),
    io:format("~w~n", [[{d(A, 0.0), r(A, 0.0)} || A <- [0, 1]]]),
    %% literal divisors
    lists:foreach(
      fun(X) ->
              io:format("~w: ~w~n",
                        [X, [X div 1, X rem 1, X div -1, X rem -1, X div 2, X rem 2,
                             X div -2, X rem -2, X div 10, X rem 10, X div 16, X rem 16,
                             X div 576460752303423487, X rem 576460752303423487,
                             X div -576460752303423488, X rem -576460752303423488,
                             X div 18446744073709551616, X rem 18446744073709551616]])
      end, dividends()),
    %% literal dividends
    lists:foreach(
      fun(Y) ->
              io:format("~w: ~w~n",
                        [Y, [100 div Y, 100 rem Y, -100 div Y, -100 rem Y,
                             576460752303423487 div Y, -576460752303423488 div Y,
                             -576460752303423488 rem Y]])
      end, Ds),
    %% the small minimum divided by -1 through every path
    Min = id(-576460752303423488), M1 = id(-1),
    io:format("~w~n", [[Min div M1, Min rem M1, Min div -1, Min rem -1, -576460752303423488 div M1,
                        (Min div M1) div M1, (Min div M1) - 1, Min * M1, -Min, abs(Min)]]),
    %% digit sums and base conversion loops
    io:format("~w~n", [[digits(X, 10) || X <- [0, 7, 576460752303423487, 576460752303423488, 1 bsl 64]]]),
    io:format("~w~n", [[digits(X, 16) || X <- [255, 576460752303423487, -1 bsl 4]]]),
    io:format("~w~n", [[gcd(A, B) || {A, B} <- [{12, 18}, {576460752303423487, 3}, {1 bsl 64, 1 bsl 60},
                                                 {-576460752303423488, 1 bsl 59}, {1000000007, 998244353}]]]),
    ok.

digits(0, _) -> [0];
digits(X, B) when X < 0 -> [minus | digits(-X, B)];
digits(X, B) -> digits(X, B, []).
digits(0, _, Acc) -> Acc;
digits(X, B, Acc) -> digits(X div B, B, [X rem B | Acc]).

gcd(A, 0) -> abs(A);
gcd(A, B) -> gcd(B, A rem B).

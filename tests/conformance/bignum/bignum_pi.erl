-module(bignum_pi).
-export([main/0]).
%% Machin's formula with fixed-point bignums
arctan_inv(X, Unity) ->
    arctan_inv(X, Unity, Unity div X, 1, 0, 1).
arctan_inv(_X, _U, 0, _N, Sum, _Sign) -> Sum;
arctan_inv(X, U, Term, N, Sum, Sign) ->
    arctan_inv(X, U, Term div (X * X), N + 2, Sum + Sign * (Term div N), -Sign).
main() ->
    Digits = 120,
    Unity = pow(10, Digits + 10),
    Pi = 4 * (4 * arctan_inv(5, Unity) - arctan_inv(239, Unity)),
    S = integer_to_list(Pi div pow(10, 10)),
    io:format("~s.~s~n", [lists:sublist(S, 1), lists:nthtail(1, S)]),
    ok.
pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

-module(arith_compare_ops).
-export([main/0]).
main() ->
    Ns = [-2, 0, 3, 3.0, 1 bsl 64],
    [io:format("~w ~w: < ~w  =< ~w  > ~w  >= ~w  == ~w  /= ~w~n", [A, B, A < B, A =< B, A > B, A >= B, A == B, A /= B])
     || A <- Ns, B <- Ns, A =/= B],
    ok.

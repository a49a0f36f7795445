-module(guard_compare).
-export([main/0]).
cmp(A, B) when A == B, A =/= B -> eq_not_exact;
cmp(A, B) when A =:= B -> exact;
cmp(A, B) when A < B -> lt;
cmp(A, B) when A >= B -> ge.
range(X) when X >= 1, X =< 10 -> in_range;
range(_) -> out.
main() ->
    io:format("~p~n", [[cmp(1, 1.0), cmp(1, 1), cmp(1, 2), cmp(3, 2), cmp(a, 1), cmp("a", <<"a">>)]]),
    io:format("~p~n", [[range(X) || X <- [0, 1, 5.5, 10, 10.0, 10.1, a]]]),
    ok.

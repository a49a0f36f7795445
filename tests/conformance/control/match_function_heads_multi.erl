-module(match_function_heads_multi).
-export([main/0]).
fizz(N) when N rem 15 =:= 0 -> fizzbuzz;
fizz(N) when N rem 5 =:= 0 -> buzz;
fizz(N) when N rem 3 =:= 0 -> fizz;
fizz(N) -> N.
merge([], B) -> B;
merge(A, []) -> A;
merge([A | As], [B | _] = Bs) when A =< B -> [A | merge(As, Bs)];
merge(As, [B | Bs]) -> [B | merge(As, Bs)].
msort([]) -> [];
msort([X]) -> [X];
msort(L) -> {A, B} = lists:split(length(L) div 2, L), merge(msort(A), msort(B)).
rle([]) -> [];
rle([H | T]) -> rle(T, H, 1).
rle([H | T], H, N) -> rle(T, H, N + 1);
rle([H | T], P, N) -> [{P, N} | rle(T, H, 1)];
rle([], P, N) -> [{P, N}].
main() ->
    io:format("~p~n", [[fizz(N) || N <- lists:seq(1, 15)]]),
    io:format("~p~n", [msort([5, 2, 9, 1, 5, 6, 0, 3])]),
    io:format("~p~n", [rle("aaabccddddde")]),
    ok.

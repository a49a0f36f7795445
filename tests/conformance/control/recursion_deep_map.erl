-module(recursion_deep_map).
-export([main/0]).
sum([]) -> 0;
sum([H | T]) -> H + sum(T).
map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
main() ->
    L = lists:seq(1, 300000),
    io:format("~p~n", [sum(L)]),
    M = map(fun(X) -> X * 2 end, L),
    io:format("~p~n", [lists:last(M)]),
    io:format("~p~n", [length(lists:foldr(fun(X, A) -> [X | A] end, [], L))]),
    ok.

-module(recursion_mutual_tree).
-export([main/0]).
insert(K, nil) -> {K, nil, nil};
insert(K, {V, L, R}) when K < V -> {V, insert(K, L), R};
insert(K, {V, L, R}) when K > V -> {V, L, insert(K, R)};
insert(_, T) -> T.
to_list(nil) -> [];
to_list({V, L, R}) -> to_list(L) ++ [V] ++ to_list(R).
height(nil) -> 0;
height({_, L, R}) -> 1 + max(height(L), height(R)).
main() ->
    Keys = [(I * 7919) rem 10007 || I <- lists:seq(1, 2000)],
    T = lists:foldl(fun insert/2, nil, Keys),
    L = to_list(T),
    io:format("~p ~p~n", [length(L), L =:= lists:usort(Keys)]),
    io:format("~p~n", [height(T)]),
    io:format("~p~n", [lists:sublist(L, 10)]),
    Small = lists:foldl(fun insert/2, nil, [5, 3, 8, 1, 4]),
    io:format("~p~n", [Small]),
    ok.

-module(lists_nested_ops).
-export([main/0]).
transpose([[] | _]) -> [];
transpose(M) -> [[hd(R) || R <- M] | transpose([tl(R) || R <- M])].
group(_, []) -> [];
group(N, L) when length(L) =< N -> [L];
group(N, L) -> {H, T} = lists:split(N, L), [H | group(N, T)].
chunk_by(F, L) -> lists:reverse([lists:reverse(G) || G <- chunk_by(F, L, [])]).
chunk_by(_, [], Acc) -> Acc;
chunk_by(F, [H | T], [[P | _] = G | Acc]) ->
    case F(H) =:= F(P) of true -> chunk_by(F, T, [[H | G] | Acc]); false -> chunk_by(F, T, [[H], G | Acc]) end;
chunk_by(F, [H | T], []) -> chunk_by(F, T, [[H]]).
main() ->
    M = [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
    io:format("~p~n", [transpose(M)]),
    io:format("~p~n", [group(3, lists:seq(1, 10))]),
    io:format("~p~n", [chunk_by(fun(X) -> X rem 2 end, [1, 3, 5, 2, 4, 7, 9, 8])]),
    io:format("~p~n", [lists:zipwith(fun(R1, R2) -> lists:zipwith(fun erlang:'+'/2, R1, R2) end, M, M)]),
    Flat = lists:append(M),
    io:format("~p~n", [lists:foldl(fun(X, Acc) -> max(X, Acc) end, 0, Flat)]),
    io:format("~p~n", [[lists:sum(R) || R <- M]]),
    io:format("~p~n", [lists:keysort(2, [{a, 3}, {b, 1}, {c, 2}])]),
    ok.

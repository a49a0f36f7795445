-module(map_update_many).
-export([main/0]).
main() ->
    M0 = #{},
    M1 = lists:foldl(fun(I, M) -> M#{I => I} end, M0, lists:seq(1, 40)),
    M2 = lists:foldl(fun(I, M) -> M#{I := I * 2} end, M1, lists:seq(1, 40, 3)),
    io:format("~p~n", [lists:sort(maps:to_list(maps:with(lists:seq(1, 10), M2)))]),
    io:format("~p~n", [maps:size(M2)]),
    io:format("~p~n", [lists:sum(maps:values(M2))]),
    M3 = maps:map(fun(K, V) when K rem 2 =:= 0 -> -V; (_, V) -> V end, M2),
    io:format("~p~n", [lists:sum(maps:values(M3))]),
    Small = maps:with([1, 2, 3], M3),
    io:format("~p~n", [Small]),
    io:format("~p~n", [Small#{1 := a, 2 := b, 3 := c}]),
    ok.

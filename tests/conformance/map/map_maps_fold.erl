-module(map_maps_fold).
-export([main/0]).
main() ->
    M = #{a => 1, b => 2, c => 3, d => 4, e => 5},
    io:format("~p~n", [maps:fold(fun(K, V, Acc) -> [{K, V} | Acc] end, [], M)]),
    io:format("~p~n", [maps:fold(fun(_, V, Acc) -> V + Acc end, 0, M)]),
    io:format("~p~n", [maps:map(fun(_, V) -> V * V end, M)]),
    io:format("~p~n", [maps:filter(fun(_, V) -> V rem 2 =:= 1 end, M)]),
    io:format("~p~n", [maps:filtermap(fun(a, _) -> false; (_, V) when V > 3 -> {true, -V}; (_, _) -> true end, M)]),
    maps:foreach(fun(K, V) -> io:format("~p -> ~p~n", [K, V]) end, #{x => 1, y => 2}),
    io:format("~p~n", [maps:groups_from_list(fun(X) -> X rem 3 end, lists:seq(1, 10))]),
    io:format("~p~n", [maps:groups_from_list(fun(X) -> X rem 2 end, fun(X) -> X * X end, lists:seq(1, 6))]),
    I = maps:iterator(#{1 => a, 2 => b, 3 => c}),
    io:format("~p~n", [iter(maps:next(I))]),
    ok.
iter(none) -> [];
iter({K, V, Next}) -> [{K, V} | iter(maps:next(Next))].

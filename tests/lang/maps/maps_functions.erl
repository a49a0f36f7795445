-module(maps_functions).
-export([main/0]).
main() ->
    M = #{x => 1, y => 2, z => 3},
    io:format("~p~n", [maps:fold(fun(_, V, A) -> V + A end, 0, M)]),
    io:format("~p~n", [maps:map(fun(_, V) -> V * 2 end, M)]),
    io:format("~p~n", [maps:to_list(maps:filter(fun(K, _) -> K =/= y end, M))]).

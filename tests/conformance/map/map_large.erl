-module(map_large).
-export([main/0]).
main() ->
    M = maps:from_list([{I, I * I} || I <- lists:seq(1, 1000)]),
    io:format("~p~n", [map_size(M)]),
    io:format("~p~n", [maps:get(500, M)]),
    io:format("~p~n", [lists:sum(maps:values(M))]),
    io:format("~p~n", [lists:sort(maps:keys(M)) =:= lists:seq(1, 1000)]),
    M2 = maps:filter(fun(K, _) -> K rem 100 =:= 0 end, M),
    io:format("~p~n", [M2]),
    M3 = lists:foldl(fun(K, Acc) -> maps:remove(K, Acc) end, M, lists:seq(1, 995)),
    io:format("~p~n", [M3]),
    io:format("~p~n", [maps:fold(fun(K, V, A) -> K + V + A end, 0, M)]),
    Keys = [list_to_atom("k" ++ integer_to_list(I)) || I <- lists:seq(1, 40)],
    Big = maps:from_keys(Keys, 0),
    io:format("~p~n", [map_size(Big)]),
    io:format("~p~n", [lists:sort(maps:to_list(maps:with([k1, k40, k20], Big)))]),
    io:format("~p~n", [Big =:= maps:from_list([{K, 0} || K <- lists:reverse(Keys)])]),
    ok.

-module(list_nested).
-export([main/0]).
depth([]) -> 1;
depth([H | T]) when is_list(H) -> max(1 + depth(H), depth(T));
depth([_ | T]) -> depth(T).
main() ->
    L = [1, [2, [3, [4, [5]]]], [[[]]], [6, 7]],
    io:format("~p~n", [L]),
    io:format("~p~n", [lists:flatten(L)]),
    io:format("~p~n", [depth(L)]),
    M = [[I * J || J <- lists:seq(1, 5)] || I <- lists:seq(1, 5)],
    io:format("~p~n", [M]),
    T = [[lists:nth(I, Row) || Row <- M] || I <- lists:seq(1, 5)],
    io:format("~p~n", [T =:= M]),
    io:format("~p~n", [lists:map(fun lists:sum/1, M)]),
    io:format("~p~n", [lists:append(M)]),
    ok.

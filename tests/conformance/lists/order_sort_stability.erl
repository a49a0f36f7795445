-module(order_sort_stability).
-export([main/0]).
main() ->
    L = [{3, a}, {1, b}, {2, c}, {1, d}, {3, e}, {2, f}, {1, g}],
    io:format("~p~n", [lists:keysort(1, L)]),
    io:format("~p~n", [lists:sort(fun({A, _}, {B, _}) -> A =< B end, L)]),
    io:format("~p~n", [lists:sort(fun({A, _}, {B, _}) -> A < B end, L)]),
    io:format("~p~n", [lists:ukeysort(1, L)]),
    io:format("~p~n", [lists:keysort(1, [{1, x}, {1.0, y}, {1, z}])]),
    Mixed = [3, 1.0, 2, 1, 3.0, 2.0],
    io:format("~p~n", [lists:sort(Mixed)]),
    io:format("~p~n", [lists:usort(Mixed)]),
    ok.

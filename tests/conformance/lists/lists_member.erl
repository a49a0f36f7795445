-module(lists_member).
-export([main/0]).
main() ->
    L = [a, b, c, b, a],
    io:format("~p ~p~n", [lists:member(b, L), lists:member(z, L)]),
    io:format("~p~n", [lists:delete(b, L)]),
    io:format("~p~n", [lists:delete(z, L)]),
    io:format("~p~n", [lists:subtract(L, [a, c])]),
    io:format("~p~n", [lists:reverse(L)]),
    io:format("~p~n", [lists:reverse([1, 2], [3, 4])]),
    io:format("~p ~p~n", [lists:prefix("ab", "abc"), lists:suffix("bc", "abc")]),
    io:format("~p~n", [lists:duplicate(3, xy)]),
    io:format("~p~n", [lists:duplicate(0, xy)]),
    io:format("~p ~p ~p~n", [lists:max([3, 9, 2]), lists:min([3, 9, 2]), lists:sum([3, 9, 2])]),
    io:format("~p~n", [lists:max([a, 1, "s", {t}])]),
    io:format("~p~n", [lists:sum([])]),
    io:format("~p~n", [lists:nthtail(0, L)]),
    io:format("~p~n", [lists:subtract([1, 2, 3, 1], [1])]),
    ok.

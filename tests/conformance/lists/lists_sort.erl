-module(lists_sort).
-export([main/0]).
main() ->
    io:format("~p~n", [lists:sort([5, 3, 9, 1, 3, 7, 0, -2])]),
    io:format("~p~n", [lists:sort(["pear", "apple", "fig", "banana", "apple"])]),
    io:format("~p~n", [lists:sort(fun(A, B) -> A >= B end, [5, 3, 9, 1, 3])]),
    io:format("~p~n", [lists:sort(fun({_, A}, {_, B}) -> A =< B end,
                                  [{a, 3}, {b, 1}, {c, 2}, {d, 1}, {e, 3}])]),
    io:format("~p~n", [lists:usort([3, 1, 2, 3, 1, 2, 5])]),
    io:format("~p~n", [lists:usort(fun(A, B) -> A rem 3 =< B rem 3 end, [1, 2, 3, 4, 5, 6])]),
    io:format("~p~n", [lists:reverse(lists:sort([{2, b}, {1, a}, {2, a}, {1, b}]))]),
    io:format("~p~n", [lists:sort([])]),
    L = [(X * 7919) rem 1000 || X <- lists:seq(1, 50)],
    io:format("~p~n", [lists:sort(L)]),
    io:format("~p~n", [lists:merge([1, 4, 7], [2, 3, 8, 9])]),
    io:format("~p~n", [lists:merge([[1, 5], [2, 6], [0, 9]])]),
    io:format("~p~n", [lists:umerge([1, 2, 4], [2, 3, 4])]),
    io:format("~p~n", [lists:merge(fun(A, B) -> A >= B end, [7, 4, 1], [8, 3, 2])]),
    io:format("~p~n", [lists:merge3([1, 4], [2, 5], [3, 6])]),
    ok.

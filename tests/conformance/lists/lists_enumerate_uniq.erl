-module(lists_enumerate_uniq).
-export([main/0]).
main() ->
    io:format("~p~n", [lists:enumerate([a, b, c])]),
    io:format("~p~n", [lists:enumerate(0, [a, b, c])]),
    io:format("~p~n", [lists:enumerate(10, "xy")]),
    io:format("~p~n", [lists:uniq([3, 1, 3, 2, 1, 4])]),
    io:format("~p~n", [lists:uniq(fun(X) -> X rem 3 end, [1, 2, 3, 4, 5, 6])]),
    io:format("~p~n", [lists:uniq([1, 1.0, 1])]),
    io:format("~p~n", [lists:uniq([])]),
    ok.

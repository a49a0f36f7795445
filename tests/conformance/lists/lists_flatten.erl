-module(lists_flatten).
-export([main/0]).
main() ->
    io:format("~p~n", [lists:flatten([1, [2, [3, [4]], 5], [[[6]]], []])]),
    io:format("~p~n", [lists:flatten(["abc", [$d, "ef"], []])]),
    io:format("~p~n", [lists:flatten([[a, b], c], [tail])]),
    io:format("~p~n", [lists:append([[1, 2], [3], [], [4, 5]])]),
    io:format("~p~n", [lists:append("abc", "def")]),
    io:format("~p~n", [lists:concat([foo, "bar", 42, 1.5, 'baz'])]),
    io:format("~p~n", [lists:join(", ", ["a", "b", "c"])]),
    io:format("~p~n", [lists:join(x, [1, 2, 3])]),
    io:format("~p~n", [lists:join(x, [])]),
    io:format("~p~n", [lists:flatlength([1, [2, [3]], "ab"])]),
    ok.

-module(lists_subtract).
-export([main/0]).
main() ->
    io:format("~p~n", [lists:subtract([a, b, c, a, b], [a, b])]),
    io:format("~p~n", [[x, y, z] -- [z, y, x]]),
    io:format("~p~n", ["hello world" -- "lo"]),
    io:format("~p~n", [[{1}, {2}, {1}] -- [{1}]]),
    io:format("~p~n", [[1, 2, 3] -- []]),
    io:format("~p~n", [[] -- [1, 2]]),
    ok.

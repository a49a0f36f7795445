-module(list_ops).
-export([main/0]).
main() ->
    io:format("~p~n", [[1,2,3] ++ [4,5]]),
    io:format("~p~n", [[] ++ [a]]),
    io:format("~p~n", [[a] ++ []]),
    io:format("~p~n", [[a] ++ b]),
    io:format("~p~n", [[1,2,2,3,3,3] -- [2,3]]),
    io:format("~p~n", [[a,b,c] -- [d]]),
    io:format("~p~n", [[1, 1.0, 1] -- [1.0]]),
    io:format("~p~n", [ec(fun() -> ([1] -- a) end)]),
    io:format("~p~n", [ec(fun() -> (a ++ [1]) end)]),
    io:format("~p~n", [lists:seq(1, 10) -- lists:seq(2, 10, 2)]),
    io:format("~p~n", [length(lists:seq(1, 100000) -- lists:seq(1, 99990))]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

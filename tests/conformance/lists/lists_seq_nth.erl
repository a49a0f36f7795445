-module(lists_seq_nth).
-export([main/0]).
main() ->
    io:format("~p~n", [lists:seq(1, 10)]),
    io:format("~p~n", [lists:seq(0, 20, 5)]),
    io:format("~p~n", [lists:seq(10, 1, -3)]),
    io:format("~p~n", [lists:seq(5, 4)]),
    io:format("~p~n", [lists:seq(1, 1)]),
    L = [a, b, c, d, e, f],
    io:format("~p ~p~n", [lists:nth(1, L), lists:nth(6, L)]),
    io:format("~p~n", [lists:nthtail(2, L)]),
    io:format("~p~n", [lists:nthtail(6, L)]),
    io:format("~p~n", [lists:sublist(L, 3)]),
    io:format("~p~n", [lists:sublist(L, 2, 3)]),
    io:format("~p~n", [lists:sublist(L, 5, 10)]),
    io:format("~p~n", [lists:split(2, L)]),
    io:format("~p~n", [lists:last(L)]),
    io:format("~p~n", [lists:droplast(L)]),
    io:format("~p~n", [ec(fun() -> lists:nth(7, L) end)]),
    io:format("~p~n", [ec(fun() -> lists:seq(1, 5, 0) end)]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

-module(string_to_number).
-export([main/0]).
main() ->
    io:format("~p~n", [string:to_integer("123")]),
    io:format("~p~n", [string:to_integer("-45abc")]),
    io:format("~p~n", [string:to_integer("abc")]),
    io:format("~p~n", [string:to_integer("  7")]),
    io:format("~p~n", [string:to_integer(<<"99 bottles">>)]),
    io:format("~p~n", [string:to_integer("+8")]),
    io:format("~p~n", [string:to_float("3.25")]),
    io:format("~p~n", [string:to_float("-0.5e2rest")]),
    io:format("~p~n", [string:to_float("12")]),
    io:format("~p~n", [string:to_float("1.5E3")]),
    io:format("~p~n", [list_to_integer("0042")]),
    io:format("~p~n", [ec(fun() -> list_to_integer(" 42") end)]),
    io:format("~p~n", [string:to_integer("12345678901234567890123")]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

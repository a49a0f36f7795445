-module(float_conv).
-export([main/0]).
main() ->
    io:format("~p ~p ~p~n", [list_to_float("1.5"), list_to_float("-0.25e3"), list_to_float("1.0E-2")]),
    io:format("~p~n", [binary_to_float(<<"3.14159">>)]),
    io:format("~p ~p~n", [float(3), float(-12345678901234567890)]),
    io:format("~p~n", [ec(fun() -> list_to_float("1") end)]),
    io:format("~p~n", [ec(fun() -> list_to_float("1.") end)]),
    io:format("~p~n", [ec(fun() -> list_to_float(".5") end)]),
    io:format("~p~n", [float_to_list(0.1)]),
    io:format("~p~n", [float_to_list(1.0e-6)]),
    io:format("~p~n", [integer_to_list(trunc(1.0e18))]),
    io:format("~p~n", [string:to_float("2.5abc")]),
    io:format("~p~n", [string:to_float("abc")]),
    io:format("~p~n", [string:to_float("1e5")]),
    io:format("~p~n", [string:to_float("1.0e5x")]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

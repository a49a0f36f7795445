-module(misc_begin_end).
-export([main/0]).
main() ->
    X = begin
            A = 10,
            B = 20,
            A * B
        end,
    io:format("~p~n", [X]),
    Y = begin 1, 2, 3 end,
    io:format("~p~n", [Y]),
    Z = (begin io:format("evaluated~n"), value end),
    io:format("~p~n", [Z]),
    F = fun() -> begin first, second end end,
    io:format("~p~n", [F()]),
    io:format("~p~n", [A + B]),
    ok.

-module(float_round).
-export([main/0]).
main() ->
    Fs = [0.0, 0.4, 0.5, 0.6, 1.5, 2.5, -0.4, -0.5, -0.6, -1.5, -2.5, 3.999, -3.999, 1.0e15 + 0.5, 123.0],
    [io:format("~p: round=~p trunc=~p ceil=~p floor=~p~n", [F, round(F), trunc(F), ceil(F), floor(F)]) || F <- Fs],
    io:format("~p ~p ~p ~p~n", [round(7), trunc(-7), ceil(7), floor(-7)]),
    io:format("~p~n", [round(1.0e20)]),
    io:format("~p~n", [trunc(-1.0e25)]),
    io:format("~p~n", [round(2.5e18)]),
    ok.

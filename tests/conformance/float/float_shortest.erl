-module(float_shortest).
-export([main/0]).
main() ->
    %% shortest round-trip printing
    Gen = fun(I) -> I / 7 end,
    Fs = [Gen(I) || I <- lists:seq(1, 12)] ++ [I * 0.1 || I <- lists:seq(1, 12)],
    [io:format("~p~n", [F]) || F <- Fs],
    io:format("~p~n", [[list_to_float(float_to_list(F, [short])) =:= F || F <- Fs]]),
    io:format("~s~n", [float_to_list(1/7, [short])]),
    io:format("~p ~p ~p~n", [1.0e-4, 1.0e-3, 0.01]),
    io:format("~p ~p ~p~n", [2.0e15, 2.0e16, 123.0e10]),
    ok.

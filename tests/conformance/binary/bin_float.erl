-module(bin_float).
-export([main/0]).
main() ->
    B = <<3.5:64/float, -0.25:32/float, 1.0:64/float-little>>,
    io:format("~w~n", [B]),
    <<A:64/float, C:32/float, D:64/float-little>> = B,
    io:format("~p ~p ~p~n", [A, C, D]),
    <<E:32/float>> = <<0.1:32/float>>,
    io:format("~p~n", [E]),
    io:format("~w~n", [<<7:64/float>>]),
    io:format("~p~n", [case <<0, 0, 128, 127>> of <<F:32/float-little>> -> F; _ -> nomatch end]),
    io:format("~p~n", [case <<255, 255, 255, 255, 255, 255, 255, 255>> of <<G:64/float>> -> G; _ -> nan_nomatch end]),
    ok.

-module(float_bits).
-export([main/0]).
main() ->
    Fs = [1.0, -2.0, 0.1, 3.14159, 1.0e100, 5.0e-324],
    [io:format("~p -> ~w / ~w~n", [F, <<F:64/float>>, <<F:64/float-little>>]) || F <- Fs],
    [io:format("~p -> ~w~n", [F, <<F:32/float>>]) || F <- [1.0, 0.5, -1.5, 0.1]],
    <<X:32/float>> = <<62,76,204,205>>,
    io:format("~p~n", [X]),
    <<Y:64/float>> = <<64,9,33,251,84,68,45,24>>,
    io:format("~p~n", [Y]),
    <<Z:16/float>> = <<60,0>>,
    io:format("~p~n", [Z]),
    io:format("~w~n", [<<1.5:16/float>>]),
    ok.

-module(float_to_list_opts).
-export([main/0]).
main() ->
    Fs = [0.0, 1.0, -1.5, 3.14159265358979, 0.1, 1.0e20, 1.0e-20, 123456.789, 0.5, 2.675],
    lists:foreach(fun(F) ->
        io:format("~s | ~s | ~s | ~s | ~s | ~s~n",
                  [float_to_list(F), float_to_list(F, [{decimals, 2}]),
                   float_to_list(F, [{decimals, 4}, compact]),
                   float_to_list(F, [{scientific, 3}]), float_to_list(F, [short]),
                   float_to_list(F, [{decimals, 0}])])
    end, Fs),
    io:format("~s~n", [float_to_list(1.0, [{decimals, 10}, compact])]),
    io:format("~s~n", [float_to_list(100.0, [{decimals, 3}, compact])]),
    io:format("~s~n", [float_to_list(1.25, [{scientific, 0}])]),
    io:format("~p~n", [float_to_binary(2.5)]),
    io:format("~p~n", [float_to_binary(2.5, [{decimals, 3}])]),
    io:format("~p~n", [float_to_binary(1.0e-5, [short])]),
    ok.

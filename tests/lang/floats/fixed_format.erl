-module(fixed_format).
-export([main/0]).
main() ->
    io:format("~.2f ~.3e ~g~n", [3.14159, 31415.9, 0.000314159]),
    io:format("~s~n", [float_to_list(2.5, [{decimals, 4}, compact])]).

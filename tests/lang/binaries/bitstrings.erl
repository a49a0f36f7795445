-module(bitstrings).
-export([main/0]).
main() ->
    B = <<5:3>>,
    io:format("~p ~p~n", [B, bit_size(B)]),
    io:format("~p~n", [<<B/bits, 1:1, 255>>]).

-module(bin_bits).
-export([main/0]).
main() ->
    B = <<5:3, 1:2>>,
    io:format("~p ~w~n", [B, B]),
    io:format("~p ~p~n", [bit_size(B), byte_size(B)]),
    io:format("~p ~p~n", [is_bitstring(B), is_binary(B)]),
    io:format("~p~n", [<<1:1>>]),
    io:format("~p~n", [<<255:8, 3:2>>]),
    io:format("~p~n", [<<"abc", 1:4>>]),
    <<H:3, T/bits>> = <<2#11010110>>,
    io:format("~p ~p~n", [H, T]),
    <<Q:5/bitstring, R/bitstring>> = <<2#11010110, 2#1>>,
    io:format("~p ~p~n", [Q, R]),
    io:format("~p~n", [<<B/bitstring, B/bitstring>>]),
    io:format("~p~n", [bit_size(<<B/bitstring, B/bitstring>>)]),
    io:format("~p~n", [<< <<X:1>> || X <- [1, 0, 1, 1, 0, 0, 1, 0, 1] >>]),
    io:format("~p~n", [[X || <<X:1>> <= <<2#10110000>>]]),
    io:format("~p~n", [bitstring_to_list(<<1, 2, 3:4>>)]),
    io:format("~p~n", [list_to_bitstring([<<1>>, <<2:3>>])]),
    io:format("~p~n", [ec(fun() -> binary_to_list(<<1:3>>) end)]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

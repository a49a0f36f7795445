-module(bin_bitstring_ops).
-export([main/0]).
reverse_bits(<<>>) -> <<>>;
reverse_bits(<<B:1, Rest/bits>>) -> <<(reverse_bits(Rest))/bits, B:1>>.
to_bits(B) -> [X || <<X:1>> <= B].
main() ->
    io:format("~p~n", [to_bits(<<2#10110010>>)]),
    io:format("~p~n", [reverse_bits(<<2#10110010>>)]),
    io:format("~p~n", [reverse_bits(<<2#101:3>>)]),
    B = <<1:1, 2:2, 3:3, 4:4, 5:5>>,
    io:format("~p ~p~n", [B, bit_size(B)]),
    <<A:1, Bb:2, C:3, D:4, E:5>> = B,
    io:format("~p~n", [[A, Bb, C, D, E]]),
    io:format("~p~n", [<<B/bits, 0:1>>]),
    io:format("~p~n", [is_binary(<<B/bits, 0:1>>)]),
    io:format("~p~n", [<< <<X:2>> || X <- [3, 2, 1, 0] >>]),
    io:format("~p~n", [bit_size(<< <<X:7>> || X <- lists:seq(1, 9) >>)]),
    io:format("~p~n", [erlang:bitstring_to_list(<<7:3, 255:8>>)]),
    ok.

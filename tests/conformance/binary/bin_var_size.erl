-module(bin_var_size).
-export([main/0]).
id(X) -> X.
parse(<<Len:8, Str:Len/binary, Rest/binary>>) -> [Str | parse(Rest)];
parse(<<>>) -> [].
main() ->
    Packet = <<3, "abc", 0, 5, "hello", 1, "x">>,
    io:format("~p~n", [parse(Packet)]),
    N = id(12),
    B = <<1234:N, 7:(N div 3)>>,
    io:format("~p ~p~n", [B, bit_size(B)]),
    <<V:N, W:(16 - N)>> = B,
    io:format("~p ~p~n", [V, W]),
    Size = id(3),
    <<P:Size/binary, _/binary>> = <<"abcdef">>,
    io:format("~p~n", [P]),
    <<Sz:4, Data:Sz/bits, _/bits>> = <<5:4, 2#10101:5, 0:7>>,
    io:format("~p ~p~n", [Sz, Data]),
    io:format("~p~n", [<<(id(<<"abcdef">>)):(id(2))/binary>>]),
    io:format("~p~n", [<<7:(id(3))/unit:4>>]),
    <<X:2/unit:8>> = <<1, 2>>,
    io:format("~p~n", [X]),
    ok.

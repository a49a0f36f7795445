-module(bif_binary).
-export([main/0]).
main() ->
    B = <<"hello">>,
    io:format("~p ~p~n", [byte_size(B), bit_size(B)]),
    io:format("~p~n", [binary_to_list(B)]),
    io:format("~p~n", [list_to_binary("world")]),
    io:format("~p~n", [iolist_to_binary([B, " ", [<<"there">>], $!])]),
    io:format("~p~n", [iolist_size([B, " ", [<<"there">>], $!])]),
    io:format("~p~n", [split_binary(B, 0)]),
    io:format("~p~n", [split_binary(B, 5)]),
    io:format("~p~n", [binary_part(B, 1, 3)]),
    io:format("~p~n", [binary_part(B, 5, -2)]),
    io:format("~p~n", [atom_to_binary(xyz, utf8)]),
    io:format("~p~n", [binary_to_atom(<<"abc">>, utf8)]),
    io:format("~p~n", [integer_to_binary(1 bsl 65)]),
    io:format("~p~n", [binary_to_integer(<<"ff">>, 16)]),
    io:format("~p~n", [float_to_binary(0.5)]),
    io:format("~p~n", [float_to_binary(0.1, [{decimals, 30}])]),
    io:format("~p~n", [float_to_binary(123.456, [{scientific, 2}])]),
    io:format("~p~n", [list_to_bitstring([<<1:2>>, <<3:2>>])]),
    io:format("~p~n", [erlang:binary_to_list(<<"abcdef">>, 2, 3)]),
    ok.

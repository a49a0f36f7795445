-module(bin_parse_records).
-export([main/0]).
%% a simple TLV encoder/decoder
enc({int, I}) -> <<1, 8, I:64/signed>>;
enc({str, S}) -> B = list_to_binary(S), <<2, (byte_size(B)), B/binary>>;
enc({list, L}) -> Body = << <<(enc(E))/binary>> || E <- L >>, <<3, (byte_size(Body)), Body/binary>>.
dec(<<>>) -> [];
dec(<<1, 8, I:64/signed, Rest/binary>>) -> [{int, I} | dec(Rest)];
dec(<<2, L, S:L/binary, Rest/binary>>) -> [{str, binary_to_list(S)} | dec(Rest)];
dec(<<3, L, Body:L/binary, Rest/binary>>) -> [{list, dec(Body)} | dec(Rest)].
main() ->
    T = [{int, -5}, {str, "hi"}, {list, [{int, 1}, {str, "nested"}, {list, []}]}],
    B = << <<(enc(E))/binary>> || E <- T >>,
    io:format("~w~n", [B]),
    io:format("~p~n", [dec(B)]),
    io:format("~p~n", [dec(B) =:= T]),
    ok.

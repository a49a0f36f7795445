%% base64 (RFC 4648), as OTP 25's module: encode/1, encode_to_string/1,
%% decode/1, decode_to_string/1, mime_decode/1, mime_decode_to_string/1.
%% Input is a binary or a list of bytes. decode/1 skips whitespace and
%% rejects any other character outside the alphabet (badarg);
%% mime_decode/1 skips every character outside it. Both want the padding.
-module(base64).
-export([encode/1, encode_to_string/1, decode/1, decode_to_string/1,
         mime_decode/1, mime_decode_to_string/1]).

encode(Data) when is_list(Data) -> encode(list_to_binary(Data));
encode(Data) when is_binary(Data) -> encode_bin(Data, <<>>).

encode_to_string(Data) -> binary_to_list(encode(Data)).

encode_bin(<<A:6, B:6, C:6, D:6, Rest/binary>>, Acc) ->
    encode_bin(Rest, <<Acc/binary, (enc(A)), (enc(B)), (enc(C)), (enc(D))>>);
encode_bin(<<A:6, B:6, C:4>>, Acc) ->
    <<Acc/binary, (enc(A)), (enc(B)), (enc(C bsl 2)), $=>>;
encode_bin(<<A:6, B:2>>, Acc) ->
    <<Acc/binary, (enc(A)), (enc(B bsl 4)), $=, $=>>;
encode_bin(<<>>, Acc) ->
    Acc.

enc(N) when N < 26 -> $A + N;
enc(N) when N < 52 -> $a + N - 26;
enc(N) when N < 62 -> $0 + N - 52;
enc(62) -> $+;
enc(63) -> $/.

decode(Data) -> decode_chars(chars(Data), strict).

decode_to_string(Data) -> binary_to_list(decode(Data)).

mime_decode(Data) -> decode_chars(chars(Data), mime).

mime_decode_to_string(Data) -> binary_to_list(mime_decode(Data)).

chars(Data) when is_binary(Data) -> binary_to_list(Data);
chars(Data) when is_list(Data) -> Data;
chars(_) -> erlang:error(badarg).

%% Sextets are collected (with the padding seen), then packed.
decode_chars(Chars, Mode) ->
    {Sextets, Pad} = sextets(Chars, Mode, [], 0),
    pack(lists:reverse(Sextets), Pad, <<>>).

sextets([], _Mode, Acc, Pad) ->
    {Acc, Pad};
sextets([$= | Rest], Mode, Acc, Pad) ->
    sextets(Rest, Mode, Acc, Pad + 1);
sextets([C | Rest], Mode, Acc, Pad) ->
    case dec(C) of
        N when is_integer(N), Pad =:= 0 -> sextets(Rest, Mode, [N | Acc], Pad);
        N when is_integer(N), Mode =:= mime -> {Acc, Pad};  % data after the padding ends it
        N when is_integer(N) -> erlang:error(badarg);
        space -> sextets(Rest, Mode, Acc, Pad);
        bad when Mode =:= mime -> sextets(Rest, Mode, Acc, Pad);
        bad -> erlang:error(badarg)
    end.

dec(C) when C >= $A, C =< $Z -> C - $A;
dec(C) when C >= $a, C =< $z -> C - $a + 26;
dec(C) when C >= $0, C =< $9 -> C - $0 + 52;
dec($+) -> 62;
dec($/) -> 63;
dec(C) when C =:= $\s; C =:= $\t; C =:= $\r; C =:= $\n -> space;
dec(_) -> bad.

pack([A, B, C, D | Rest], Pad, Acc) ->
    pack(Rest, Pad, <<Acc/binary, A:6, B:6, C:6, D:6>>);
pack([A, B, C], 1, Acc) ->
    <<Acc/binary, A:6, B:6, (C bsr 2):4>>;
pack([A, B], 2, Acc) ->
    <<Acc/binary, A:6, (B bsr 4):2>>;
pack([], 0, Acc) ->
    Acc;
pack(_, _, _) ->
    erlang:error(badarg).

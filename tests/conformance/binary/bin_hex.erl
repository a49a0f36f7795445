-module(bin_hex).
-export([main/0]).
to_hex(B) -> << <<(hexd(N))>> || <<N:4>> <= B >>.
hexd(N) when N < 10 -> $0 + N;
hexd(N) -> $a + N - 10.
from_hex(H) -> << <<(list_to_integer([A, B], 16))>> || <<A, B>> <= H >>.
main() ->
    B = <<"Hello, hex!">>,
    H = to_hex(B),
    io:format("~s~n", [H]),
    io:format("~p~n", [from_hex(H)]),
    io:format("~s~n", [binary:encode_hex(<<1, 171, 255>>)]),
    io:format("~p~n", [binary:decode_hex(<<"01ABff">>)]),
    io:format("~s~n", [[io_lib:format("~2.16.0b", [X]) || <<X>> <= <<0, 15, 16, 255>>]]),
    ok.

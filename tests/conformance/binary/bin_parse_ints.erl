-module(bin_parse_ints).
-export([main/0]).
varint(N) when N < 128 -> <<N>>;
varint(N) -> <<1:1, (N band 127):7, (varint(N bsr 7))/binary>>.
unvarint(<<0:1, N:7, Rest/binary>>) -> {N, Rest};
unvarint(<<1:1, N:7, Rest/binary>>) -> {M, R} = unvarint(Rest), {N + (M bsl 7), R}.
main() ->
    Ns = [0, 1, 127, 128, 300, 16384, 1 bsl 35, 1 bsl 70],
    [io:format("~p -> ~w -> ~p~n", [N, varint(N), element(1, unvarint(varint(N)))]) || N <- Ns],
    <<A:3/little-unit:8, B:1/signed-unit:16, C/binary>> = <<1, 2, 3, 255, 254, "rest">>,
    io:format("~p ~p ~p~n", [A, B, C]),
    <<_:4, Mid:8, _:4>> = <<16#ABCD:16>>,
    io:format("~.16B~n", [Mid]),
    io:format("~p~n", [[X || <<X:12>> <= <<1, 2, 3, 4, 5, 6>>]]),
    ok.

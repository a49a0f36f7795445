-module(bin_signed_endian).
-export([main/0]).
enc(V) -> [<<V:16/big-signed>>, <<V:16/little-signed>>, <<V:24/big>>, <<V:24/little>>].
main() ->
    [io:format("~p: ~w~n", [V, enc(V)]) || V <- [0, 1, -1, 255, -255, 32767, -32768, 65535, 70000]],
    Dec = fun(Bin) ->
            <<A:16/signed-big>> = Bin, <<B:16/signed-little>> = Bin,
            <<C:16/unsigned-big>> = Bin, <<D:16/unsigned-little>> = Bin,
            {A, B, C, D}
          end,
    [io:format("~w -> ~p~n", [Bin, Dec(Bin)]) || Bin <- [<<0, 1>>, <<1, 0>>, <<255, 254>>, <<128, 0>>, <<127, 255>>]],
    io:format("~w~n", [<<1:64/little>>]),
    io:format("~w~n", [<<-1:64/little-signed>>]),
    io:format("~w~n", [<<(1 bsl 70):80/big>>]),
    io:format("~w~n", [<<(-(1 bsl 70)):80/little>>]),
    ok.

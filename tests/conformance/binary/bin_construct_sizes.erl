-module(bin_construct_sizes).
-export([main/0]).
id(X) -> X.
main() ->
    [io:format("~p: ~w~n", [S, <<(id(-1)):S>>]) || S <- [1, 3, 7, 8, 9, 15, 16, 17, 24, 33]],
    [io:format("~p: ~w~n", [S, <<(id(5)):S/little>>]) || S <- [8, 12, 16, 20, 24]],
    io:format("~w~n", [<<(id(1)):0>>]),
    io:format("~w~n", [<<(id(1 bsl 100)):104>>]),
    io:format("~w~n", [<<(id(<<"abc">>)):2/binary-unit:8>>]),
    io:format("~w~n", [<<(id(<<1, 2, 3, 4>>)):3/bytes>>]),
    io:format("~w~n", [<<(id(<<255>>)):5/bits>>]),
    ok.

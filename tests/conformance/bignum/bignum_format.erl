-module(bignum_format).
-export([main/0]).
main() ->
    N = 1 bsl 100,
    io:format("~w~n~p~n~b~n", [N, N, N]),
    io:format("~.16b~n~.16B~n~.36B~n~.2B~n", [N, N, N - 1, 1 bsl 65]),
    io:format("~40w|~n~-40w|~n", [N, N]),
    io:format("~.8#~n~.16x~n", [-N, N, "0x"]),
    io:format("~s~n", [integer_to_list(-N)]),
    io:format("~p~n", [integer_to_binary(N)]),
    io:format("~p~n", [binary_to_integer(<<"-", (integer_to_binary(N))/binary>>)]),
    io:format("~p~n", [float(N)]),
    io:format("~e~n", [float(N)]),
    ok.

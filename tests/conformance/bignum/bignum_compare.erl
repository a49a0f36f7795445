-module(bignum_compare).
-export([main/0]).
main() ->
    Big = 1 bsl 70, Neg = -(1 bsl 70),
    io:format("~p~n", [lists:sort([Big, 1, Neg, 0, Big + 1, -1, 1.0e30, -1.0e30, 1 bsl 64])]),
    io:format("~p ~p~n", [Big > 1.0e20, Big < 1.0e22]),
    io:format("~p ~p~n", [(1 bsl 53) == 9007199254740992.0, (1 bsl 53) + 1 == 9007199254740992.0]),
    io:format("~p ~p~n", [(1 bsl 64) =:= 18446744073709551616, (1 bsl 64) == 1.8446744073709552e19]),
    io:format("~p~n", [max(Big, Neg)]),
    io:format("~p~n", [Big == Big * 1]),
    io:format("~p~n", [float(Big)]),
    io:format("~p~n", [Big * 1.0 == Big]),
    ok.

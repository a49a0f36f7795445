-module(bignum_div_rem).
-export([main/0]).
main() ->
    A = 123456789012345678901234567890123456789,
    B = 987654321987654321,
    io:format("~p~n~p~n", [A div B, A rem B]),
    io:format("~p~n~p~n", [(-A) div B, (-A) rem B]),
    io:format("~p~n~p~n", [A div (-B), A rem (-B)]),
    io:format("~p~n~p~n", [(-A) div (-B), (-A) rem (-B)]),
    io:format("~p~n", [A =:= B * (A div B) + A rem B]),
    io:format("~p ~p~n", [A div 7, A rem 7]),
    io:format("~p~n", [A div A]),
    io:format("~p~n", [(1 bsl 100) div (1 bsl 99)]),
    io:format("~p~n", [((1 bsl 100) + 5) rem (1 bsl 64)]),
    io:format("~p~n", [A / B]),
    ok.

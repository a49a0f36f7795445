-module(bignum_bitwise).
-export([main/0]).
id(X) -> X.
main() ->
    A = id(16#123456789ABCDEF0123456789ABCDEF),
    B = id(16#FEDCBA9876543210FEDCBA98),
    io:format("~.16B~n~.16B~n~.16B~n", [A band B, A bor B, A bxor B]),
    io:format("~p~n", [bnot A]),
    io:format("~p~n", [bnot (-A)]),
    N = id(-(1 bsl 80)),
    io:format("~p~n~p~n~p~n", [N band A, N bor A, N bxor A]),
    io:format("~p~n", [N band 16#FFFF]),
    io:format("~p~n", [(-A) band (-B)]),
    io:format("~p~n", [(-A) bor (-B)]),
    io:format("~p~n", [(-A) bxor B]),
    io:format("~p~n", [A band -1 =:= A]),
    io:format("~p~n", [id(1 bsl 64) bor 1]),
    ok.

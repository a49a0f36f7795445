-module(bignum_mul).
-export([main/0]).
main() ->
    A = list_to_integer(lists:duplicate(60, $7)),
    B = list_to_integer(lists:duplicate(45, $3)),
    io:format("~p~n", [A * B]),
    io:format("~p~n", [A * B div B =:= A]),
    P = lists:foldl(fun(X, Acc) -> X * Acc end, 1, lists:seq(1, 40)),
    io:format("~p~n", [P]),
    io:format("~p~n", [P * P]),
    io:format("~p~n", [(P + 1) * (P - 1) =:= P * P - 1]),
    io:format("~p~n", [P * -3]),
    io:format("~p~n", [16#FFFFFFFF * 16#FFFFFFFF]),
    io:format("~p~n", [16#FFFFFFFFFFFFFFFF * 16#FFFFFFFFFFFFFFFF]),
    ok.

-module(bignum_neg).
-export([main/0]).
id(X) -> X.
main() ->
    A = id(-99999999999999999999999),
    io:format("~p ~p~n", [A, abs(A)]),
    io:format("~p~n", [A * A]),
    io:format("~p~n", [A * -A]),
    io:format("~p~n", [A + 99999999999999999999999]),
    io:format("~p~n", [A - 1]),
    io:format("~p~n", [integer_to_list(A, 16)]),
    io:format("~p~n", [list_to_integer("-" ++ lists:duplicate(40, $9))]),
    io:format("~p ~p~n", [is_integer(A), A < 0]),
    io:format("~p~n", [-(1 bsl 63)]),
    io:format("~p~n", [-(1 bsl 63) - 1]),
    ok.

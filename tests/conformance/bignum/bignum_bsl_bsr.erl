-module(bignum_bsl_bsr).
-export([main/0]).
id(X) -> X.
main() ->
    One = id(1),
    io:format("~p~n", [One bsl 100]),
    io:format("~p~n", [(One bsl 200) bsr 150]),
    io:format("~p~n", [id(-1) bsl 100]),
    io:format("~p~n", [(id(-1) bsl 100) bsr 99]),
    io:format("~p~n", [(id(-1) bsl 100) bsr 200]),
    io:format("~p~n", [id(12345678901234567890123) bsr 10]),
    io:format("~p~n", [id(-12345678901234567890123) bsr 10]),
    io:format("~p~n", [id(16#FFFFFFFFFFFFFFFF) bsl 1]),
    io:format("~p~n", [id(16#FFFFFFFFFFFFFFFF) bsr 63]),
    io:format("~p~n", [id(16#7FFFFFFFFFFFFFFF) + 1]),
    io:format("~p~n", [id(1 bsl 59) * 32]),
    io:format("~p~n", [id(576460752303423487) + 1]),
    io:format("~p~n", [id(-576460752303423488) - 1]),
    io:format("~p~n", [id(1 bsl 1000) bsr 998]),
    ok.

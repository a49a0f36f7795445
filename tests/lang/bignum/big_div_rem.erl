-module(big_div_rem).
-export([main/0]).
main() ->
    A = 1 bsl 100 + 12345,
    io:format("~p ~p~n", [A div 1000000007, A rem 1000000007]),
    io:format("~p ~p~n", [-A div 7, -A rem 7]).

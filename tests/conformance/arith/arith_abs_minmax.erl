-module(arith_abs_minmax).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("~p ~p ~p ~p~n", [abs(id(-5)), abs(id(5)), abs(id(-2.5)), abs(id(0))]),
    io:format("~p~n", [abs(id(-123456789012345678901234567890))]),
    io:format("~p ~p~n", [min(id(3), 4), max(id(3), 4)]),
    io:format("~p ~p~n", [min(id(1), 1.0), max(id(1), 1.0)]),
    io:format("~p ~p~n", [min(id(1.0), 1), max(id(1.0), 1)]),
    io:format("~p ~p~n", [min(id(a), 5), max(id(a), 5)]),
    io:format("~p ~p~n", [min(id([]), {}), max(id("abc"), <<"abc">>)]),
    io:format("~p ~p~n", [sign(-7), sign(0)]),
    ok.
sign(X) when X < 0 -> -1;
sign(0) -> 0;
sign(_) -> 1.

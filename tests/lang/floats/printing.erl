-module(printing).
-export([main/0]).
main() ->
    io:format("~p ~p ~p ~p~n", [0.1, 1.0e20, 1.0e-10, 100.0]),
    io:format("~w ~p~n", [1/3, 2.0e15]).

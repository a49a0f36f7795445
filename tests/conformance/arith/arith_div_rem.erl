-module(arith_div_rem).
-export([main/0]).
main() ->
    Pairs = [{7,2},{-7,2},{7,-2},{-7,-2},{0,5},{1,3},{-1,3},{100,7},{-100,7},{100,-7}],
    lists:foreach(fun({A,B}) ->
        io:format("~p div ~p = ~p, ~p rem ~p = ~p~n", [A,B,A div B,A,B,A rem B])
    end, Pairs),
    %% invariant: A == B*(A div B) + A rem B
    io:format("~p~n", [lists:all(fun({A,B}) -> A =:= B*(A div B) + A rem B end, Pairs)]),
    io:format("~p ~p~n", [7 / 2, -7 / 2]),
    io:format("~p ~p~n", [6 / 3, 1 / 3]),
    ok.

-module(lists_filter).
-export([main/0]).
main() ->
    L = lists:seq(1, 20),
    Even = fun(X) -> X rem 2 =:= 0 end,
    io:format("~p~n", [lists:filter(Even, L)]),
    io:format("~p~n", [lists:partition(Even, L)]),
    io:format("~p~n", [lists:splitwith(fun(X) -> X < 5 end, L)]),
    io:format("~p~n", [lists:takewhile(fun(X) -> X < 5 end, L)]),
    io:format("~p~n", [lists:dropwhile(fun(X) -> X < 15 end, L)]),
    io:format("~p~n", [lists:any(Even, [1, 3, 5])]),
    io:format("~p~n", [lists:all(Even, [2, 4])]),
    io:format("~p ~p~n", [lists:any(Even, []), lists:all(Even, [])]),
    io:format("~p~n", [lists:search(fun(X) -> X > 7 end, L)]),
    io:format("~p~n", [lists:search(fun(X) -> X > 70 end, L)]),
    io:format("~p~n", [lists:dropwhile(fun(_) -> true end, L)]),
    ok.

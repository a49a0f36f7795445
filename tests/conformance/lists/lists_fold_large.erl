-module(lists_fold_large).
-export([main/0]).
main() ->
    L = lists:seq(1, 200000),
    io:format("~p~n", [lists:foldl(fun(X, A) -> (A * 31 + X) rem 1000000007 end, 0, L)]),
    io:format("~p~n", [lists:foldr(fun(X, A) -> (A * 31 + X) rem 1000000007 end, 0, L)]),
    io:format("~p~n", [length(lists:filter(fun(X) -> X rem 7 =:= 0 end, L))]),
    io:format("~p~n", [lists:sum(lists:map(fun(X) -> X rem 10 end, L))]),
    {Evens, Odds} = lists:partition(fun(X) -> X rem 2 =:= 0 end, L),
    io:format("~p ~p~n", [length(Evens), length(Odds)]),
    io:format("~p~n", [lists:max(lists:map(fun(X) -> (X * 7919) rem 100003 end, L))]),
    ok.

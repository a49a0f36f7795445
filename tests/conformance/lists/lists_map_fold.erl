-module(lists_map_fold).
-export([main/0]).
main() ->
    L = [1, 2, 3, 4, 5],
    io:format("~p~n", [lists:map(fun(X) -> X * X end, L)]),
    io:format("~p~n", [lists:foldl(fun(X, Acc) -> [X | Acc] end, [], L)]),
    io:format("~p~n", [lists:foldr(fun(X, Acc) -> [X | Acc] end, [], L)]),
    io:format("~p~n", [lists:foldl(fun(X, Acc) -> Acc - X end, 0, L)]),
    io:format("~p~n", [lists:foldr(fun(X, Acc) -> X - Acc end, 0, L)]),
    io:format("~p~n", [lists:mapfoldl(fun(X, Acc) -> {X * 2, Acc + X} end, 0, L)]),
    io:format("~p~n", [lists:mapfoldr(fun(X, Acc) -> {{X, Acc}, Acc + 1} end, 0, L)]),
    io:format("~p~n", [lists:flatmap(fun(X) -> lists:duplicate(X, X) end, [1, 2, 3])]),
    io:format("~p~n", [lists:filtermap(fun(X) when X rem 2 =:= 0 -> {true, X * 10};
                                          (X) -> X > 4 end, L)]),
    io:format("~p~n", [lists:map(fun erlang:integer_to_list/1, L)]),
    io:format("~p~n", [lists:foldl(fun erlang:'+'/2, 0, L)]),
    ok.

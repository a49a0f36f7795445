-module(fun_references).
-export([main/0, triple/1]).
triple(X) -> 3 * X.
main() ->
    io:format("~p~n", [lists:map(fun triple/1, [1, 2])]),
    io:format("~p~n", [lists:map(fun ?MODULE:triple/1, [3])]),
    io:format("~p~n", [lists:foldl(fun erlang:max/2, 0, [4, 9, 2])]).

-module(lists_foreach).
-export([main/0]).
main() ->
    lists:foreach(fun(X) -> io:format("item ~p~n", [X]) end, [one, two, three]),
    lists:foreach(fun({K, V}) -> io:format("~s=~p~n", [K, V]) end, [{"a", 1}, {"b", 2}]),
    R = lists:foreach(fun(_) -> ignored end, [1, 2]),
    io:format("~p~n", [R]),
    put(acc, 0),
    lists:foreach(fun(X) -> put(acc, get(acc) + X) end, lists:seq(1, 100)),
    io:format("~p~n", [get(acc)]),
    ok.

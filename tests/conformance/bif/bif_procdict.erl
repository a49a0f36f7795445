-module(bif_procdict).
-export([main/0]).
main() ->
    io:format("~p~n", [put(a, 1)]),
    io:format("~p~n", [put(a, 2)]),
    io:format("~p~n", [get(a)]),
    io:format("~p~n", [get(missing)]),
    put(b, [list]), put({complex, key}, "v"),
    io:format("~p~n", [lists:sort(get_keys())]),
    io:format("~p~n", [get_keys(2)]),
    io:format("~p~n", [lists:sort([{K, V} || {K, V} <- get(), K =/= '$ancestors', K =/= '$initial_call'])]),
    io:format("~p~n", [erase(a)]),
    io:format("~p~n", [erase(a)]),
    io:format("~p~n", [get(a)]),
    Counter = fun() -> N = case get(counter) of undefined -> 0; X -> X end, put(counter, N + 1), N end,
    [Counter() || _ <- lists:seq(1, 5)],
    io:format("~p~n", [get(counter)]),
    Old = erase(),
    io:format("~p~n", [lists:sort([K || {K, _} <- Old])]),
    io:format("~p~n", [get()]),
    ok.

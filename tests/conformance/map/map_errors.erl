-module(map_errors).
-export([main/0]).
id(X) -> X.
t(F) -> try F() catch C:R -> {C, R} end.
main() ->
    io:format("~p~n", [t(fun() -> maps:get(nope, #{a => 1}) end)]),
    io:format("~p~n", [t(fun() -> (id(#{a => 1}))#{b := 2} end)]),
    io:format("~p~n", [t(fun() -> (id(not_a_map))#{b => 2} end)]),
    io:format("~p~n", [t(fun() -> maps:get(a, id([])) end)]),
    io:format("~p~n", [t(fun() -> map_size(id(foo)) end)]),
    io:format("~p~n", [t(fun() -> #{a := _} = id(#{b => 1}) end)]),
    io:format("~p~n", [t(fun() -> maps:from_list(id([a])) end)]),
    io:format("~p~n", [t(fun() -> maps:keys(id(x)) end)]),
    io:format("~p~n", [t(fun() -> maps:update(k, v, id(#{})) end)]),
    ok.

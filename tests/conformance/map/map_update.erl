-module(map_update).
-export([main/0]).
main() ->
    M0 = #{a => 1, b => 2},
    M1 = M0#{c => 3},
    M2 = M1#{a := 100},
    M3 = M2#{b => 200, d => 4},
    io:format("~p~n~p~n~p~n~p~n", [M0, M1, M2, M3]),
    io:format("~p~n", [ec(fun() -> M0#{zz := 1} end)]),
    io:format("~p~n", [M0#{a => 1}]),
    io:format("~p~n", [(M0#{a := x})#{a := y}]),
    io:format("~p~n", [maps:put(e, 5, M0)]),
    io:format("~p~n", [maps:update(a, 0, M0)]),
    io:format("~p~n", [ec(fun() -> maps:update(q, 0, M0) end)]),
    io:format("~p~n", [maps:remove(a, M0)]),
    io:format("~p~n", [maps:remove(nope, M0)]),
    F = fun(M) -> M#{count => maps:get(count, M, 0) + 1} end,
    io:format("~p~n", [F(F(F(#{})))]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

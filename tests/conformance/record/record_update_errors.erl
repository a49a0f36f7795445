-module(record_update_errors).
-export([main/0]).
-record(r, {a, b}).
-record(s, {a}).
id(X) -> X.
main() ->
    R = #r{a = 1, b = 2},
    io:format("~p~n", [R#r{a = 10}]),
    io:format("~p~n", [ec(fun() -> (id(#s{a = 1}))#r.a end)]),
    io:format("~p~n", [ec(fun() -> (id({r, 1}))#r{b = 3} end)]),
    io:format("~p~n", [ec(fun() -> (id(not_a_record))#r.b end)]),
    F = fun(#r{a = A}) -> A end,
    io:format("~p~n", [F(R)]),
    io:format("~p~n", [try F(id(#s{})) catch error:E -> E end]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

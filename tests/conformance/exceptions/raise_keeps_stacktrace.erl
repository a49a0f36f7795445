-module(raise_keeps_stacktrace).
-export([main/0]).

%% erlang:raise/3 called directly (not a rethrow in a try) must keep the
%% stack trace it is given, through catch and try, JIT and interpreter.
r(Class, S) -> erlang:raise(Class, foo, S).

main() ->
    S = [{a, b, 1, []}, {c, d, [x], [{file, "c.erl"}, {line, 3}]}],
    io:format("~p~n", [catch erlang:raise(error, foo, S)]),
    io:format("~p~n", [try erlang:raise(error, foo, S) catch C:R:T -> {C, R, T} end]),
    io:format("~p~n", [try r(exit, S) catch C1:R1:T1 -> {C1, R1, T1} end]),
    io:format("~p~n", [try r(throw, S) catch C2:R2:T2 -> {C2, R2, T2} end]),
    io:format("~p~n", [catch r(error, S)]),
    io:format("~p~n", [erlang:raise(bad, foo, S)]),
    io:format("~p~n", [erlang:raise(error, foo, not_a_list)]).

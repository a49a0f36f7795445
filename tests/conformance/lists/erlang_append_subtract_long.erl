%% erlang:append/2 and erlang:subtract/2 on long lists: they are the
%% same BIFs as ++ and --, which continue in slices, so they must be
%% compiled as calls (a regression: they were inline bif2 and crashed
%% with a raw trap on 200,000 elements).
-module(erlang_append_subtract_long).
-export([main/0]).
main() ->
    L = lists:seq(1, 200000),
    A = erlang:append(L, [x]),
    S = erlang:subtract(L, lists:seq(1, 199990)),
    io:format("~p ~p ~p~n", [length(A), lists:last(A), S]),
    F = fun erlang:append/2,
    io:format("~p~n", [length(F(L, L))]).

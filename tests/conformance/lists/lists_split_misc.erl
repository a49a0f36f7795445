-module(lists_split_misc).
-export([main/0]).
main() ->
    io:format("~p~n", [lists:split(0, [1, 2])]),
    io:format("~p~n", [ec(fun() -> lists:split(3, [1, 2]) end)]),
    io:format("~p~n", [lists:splitwith(fun erlang:is_atom/1, [a, b, 1, c])]),
    io:format("~p~n", [lists:partition(fun erlang:is_atom/1, [a, 1, b, 2])]),
    io:format("~p~n", [lists:append([], [])]),
    io:format("~p~n", [lists:foldl(fun(X, {Mn, Mx}) -> {min(X, Mn), max(X, Mx)} end, {99, -99}, [5, -3, 42, 7])]),
    io:format("~p~n", [lists:keyfind(b, 1, lists:zip([a, b, c], [1, 2, 3]))]),
    io:format("~p~n", [lists:foldl(fun(W, M) -> maps:update_with(W, fun(C) -> C + 1 end, 1, M) end,
                                   #{}, string:lexemes("the cat the dog the end", " "))]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

-module(match_underscore).
-export([main/0]).
main() ->
    _ = ignored,
    _Named = also_ignored,
    {_, _, Third} = {1, 2, 3},
    io:format("~p~n", [Third]),
    io:format("~p~n", [ec(fun() -> begin {_X, _X} = {a, b}, ok end end)]),
    {_, _} = {a, b},
    io:format("plain underscores never bind~n"),
    [_ | _] = [1],
    F = fun(_, _) -> two_args end,
    io:format("~p~n", [F(x, y)]),
    _ = [io:format("side effect ~p~n", [N]) || N <- [1, 2]],
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

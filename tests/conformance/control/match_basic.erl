-module(match_basic).
-export([main/0]).
main() ->
    {A, B} = {1, 2},
    io:format("~p ~p~n", [A, B]),
    [H | T] = "xyz",
    io:format("~p ~p~n", [H, T]),
    {_, [_, {Deep}]} = {ignored, [x, {found}]},
    io:format("~p~n", [Deep]),
    X = Y = 5,
    io:format("~p ~p~n", [X, Y]),
    {P, P} = {same, same},
    io:format("~p~n", [P]),
    R = (ec(fun() -> begin {Q, Q} = {1, 2}, Q end end)),
    io:format("~p~n", [R]),
    Whole = {pt, _, _} = {pt, 3, 4},
    io:format("~p~n", [Whole]),
    {pt, Px, Py} = Whole,
    io:format("~p~n", [Px + Py]),
    <<Bx:8, _/binary>> = <<"Abc">>,
    io:format("~p~n", [Bx]),
    io:format("~p~n", [ec(fun() -> (1 = 1.0) end)]),
    io:format("~p~n", [case 1.0 of 1 -> int; 1.0 -> float end]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

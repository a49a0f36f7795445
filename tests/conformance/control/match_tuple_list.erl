-module(match_tuple_list).
-export([main/0]).
swap({A, B}) -> {B, A}.
rotate({A, B, C}) -> {B, C, A}.
main() ->
    io:format("~p ~p~n", [swap({1, 2}), rotate({x, y, z})]),
    {ok, {user, Name, Age}} = {ok, {user, "ann", 33}},
    io:format("~s ~p~n", [Name, Age]),
    [[A, B], [C, D]] = [[1, 2], [3, 4]],
    io:format("~p~n", [A * D - B * C]),
    {[X | _], {Y}} = {[first, second], {only}},
    io:format("~p ~p~n", [X, Y]),
    Result = [{K, V} || {K, V} <- [{a, 1}, bad, {b, 2}, {c, 3, 4}]],
    io:format("~p~n", [Result]),
    ok.

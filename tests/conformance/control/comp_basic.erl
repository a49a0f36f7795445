-module(comp_basic).
-export([main/0]).
main() ->
    io:format("~p~n", [[X * 2 || X <- [1, 2, 3]]]),
    io:format("~p~n", [[X || X <- lists:seq(1, 20), X rem 3 =:= 0]]),
    io:format("~p~n", [[{X, Y} || X <- [1, 2, 3], Y <- [a, b]]]),
    io:format("~p~n", [[{X, Y} || X <- lists:seq(1, 4), Y <- lists:seq(X, 4), X + Y =:= 5]]),
    io:format("~p~n", [[X || {ok, X} <- [{ok, 1}, error, {ok, 2}, {error, 3}, {ok, 4}]]]),
    io:format("~p~n", [[X || X <- [1, a, "s", 2.0, b], is_atom(X)]]),
    io:format("~p~n", [[X + Y || X <- [10, 20], Y <- [1, 2], X > 10 orelse Y > 1]]),
    io:format("~p~n", [[[Y || Y <- lists:seq(1, X)] || X <- lists:seq(1, 4)]]),
    io:format("~p~n", [[X || X <- []]]),
    io:format("~p~n", [[ok || _ <- [1, 2, 3]]]),
    io:format("~p~n", [[{A, B, C} || C <- lists:seq(1, 30), B <- lists:seq(1, C), A <- lists:seq(1, B), A * A + B * B =:= C * C]]),
    Y = 2,
    io:format("~p~n", [[X || X <- [1, 2, 3, 2], X =:= Y]]),
    io:format("~p~n", [[X || X <- [1, 2, 3], true]]),
    io:format("~p~n", [[{K, V} || {K, V} <- maps:to_list(#{a => 1, b => 2}), V > 1]]),
    ok.

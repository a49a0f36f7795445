-module(comp_nested_gen).
-export([main/0]).
main() ->
    io:format("~p~n", [[{X, Y, Z} || X <- [1, 2], Y <- [X, X + 1], Z <- [Y * 10]]]),
    io:format("~p~n", [[X || L <- [[1, 2], [3], [], [4, 5, 6]], X <- L]]),
    io:format("~p~n", [[[C] || C <- "abc", _ <- [1, 2]]]),
    io:format("~p~n", [[X * Y || X <- lists:seq(1, 3), X > 1, Y <- lists:seq(1, 3), Y < 3]]),
    io:format("~p~n", [length([x || _ <- lists:seq(1, 100), _ <- lists:seq(1, 100)])]),
    Table = [{I, J, I * J} || I <- lists:seq(1, 9), J <- lists:seq(1, 9), I =< J, (I * J) rem 9 =:= 0],
    io:format("~p~n", [Table]),
    ok.

-module(multiple_generators).
-export([main/0]).
main() ->
    io:format("~p~n", [[{X, Y} || X <- [1, 2], Y <- [a, b, c]]]).

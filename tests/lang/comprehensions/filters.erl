-module(filters).
-export([main/0]).
main() ->
    io:format("~p~n", [[X || X <- lists:seq(1, 10), X rem 2 =:= 0, X > 4]]).

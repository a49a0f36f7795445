-module(pretty_wrap).
-export([main/0]).
main() ->
    io:format("~p~n", [[{N, lists:duplicate(N, $x)} || N <- lists:seq(1, 8)]]).

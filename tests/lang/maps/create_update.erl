-module(create_update).
-export([main/0]).
main() ->
    M = #{a => 1},
    M2 = M#{b => 2, a := 10},
    io:format("~p ~p~n", [M, M2]).

-module(crash_badmap).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("updating~n"),
    M = id([not_a_map]),
    io:format("~p~n", [M#{a => 1}]).

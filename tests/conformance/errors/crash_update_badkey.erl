-module(crash_update_badkey).
-export([main/0]).
id(X) -> X.
main() ->
    M = id(#{a => 1}),
    io:format("~p~n", [M#{a := 2}]),
    io:format("~p~n", [M#{b := 2}]).

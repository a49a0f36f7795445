-module(crash_badkey).
-export([main/0]).
id(X) -> X.
main() ->
    M = id(#{a => 1}),
    io:format("~p~n", [maps:get(a, M)]),
    io:format("~p~n", [maps:get(b, M)]).

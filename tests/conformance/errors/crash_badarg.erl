-module(crash_badarg).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("~p~n", [element(1, {a})]),
    io:format("~p~n", [element(id(5), {a})]).

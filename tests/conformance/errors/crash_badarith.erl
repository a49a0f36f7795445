-module(crash_badarith).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("computing~n"),
    X = id(10) div id(0),
    io:format("never ~p~n", [X]).

-module(rounding).
-export([main/0]).
main() ->
    io:format("~p~n", [[{round(X), trunc(X), floor(X), ceil(X)} || X <- [2.5, -2.5, 0.5, 1.4999]]]).

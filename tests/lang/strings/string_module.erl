-module(string_module).
-export([main/0]).
main() ->
    io:format("~p~n", [string:split("a=b=c", "=", all)]),
    io:format("~p~n", [string:trim("  x  ")]),
    io:format("~p~n", [string:uppercase("shout")]).

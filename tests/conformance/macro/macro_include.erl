-module(macro_include).
-export([main/0]).
-include("../include/shapes.hrl").
-include("../include/config.hrl").
main() ->
    io:format("~p~n", [#point{x = 3}]),
    io:format("~p~n", [?APP_NAME]),
    io:format("~p~n", [?VERSION]),
    io:format("~p~n", [?DOUBLE(21)]),
    io:format("~p~n", [version_string()]),
    ok.

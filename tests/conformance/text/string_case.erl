-module(string_case).
-export([main/0]).
main() ->
    io:format("~p~n", [string:uppercase("hello World 123")]),
    io:format("~p~n", [string:lowercase("HELLO World 123")]),
    io:format("~p~n", [string:titlecase("hello world")]),
    io:format("~p~n", [string:casefold("MiXeD")]),
    io:format("~p~n", [string:uppercase(<<"bin">>)]),
    io:format("~p~n", [string:to_upper("old api")]),
    io:format("~p~n", [string:to_lower("OLD API")]),
    io:format("~p~n", [string:to_upper($a)]),
    io:format("~ts~n", [string:uppercase("stra\x{df}e \x{e9}t\x{e9}")]),
    io:format("~ts~n", [string:lowercase("\x{391}\x{392}\x{393}")]),
    ok.

-module(list_string).
-export([main/0]).
main() ->
    S = "Hello, World",
    io:format("~p ~s ~w~n", [S, S, "hi"]),
    io:format("~p~n", [length(S)]),
    io:format("~p~n", [lists:reverse(S)]),
    io:format("~p~n", [[C || C <- S, C >= $a, C =< $z]]),
    io:format("~p~n", ["multi" "part" " string"]),
    io:format("~p~n", ["tab\there"]),
    io:format("~p~n", ["quote\"s and \\ back"]),
    io:format("~p~n", ["new\nline"]),
    io:format("~p~n", ["\e\d\b\f\v\r"]),
    io:format("~p~n", [[7, 8, 9, 10, 11, 12, 13, 27]]),
    io:format("~p~n", [[0, 1, 2]]),
    io:format("~p~n", ["abc" ++ [0]]),
    io:format("~p~n", [[255, 128, 160, 200]]),
    io:format("~p~n", [[127]]),
    io:format("~p~n", [[256]]),
    io:format("~p~n", [["nested", ["strings"]]]),
    io:format("~p~n", [""]),
    io:format("~p~n", [[""]]),
    ok.

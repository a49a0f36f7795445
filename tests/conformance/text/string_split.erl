-module(string_split).
-export([main/0]).
main() ->
    io:format("~p~n", [string:split("a,b,c", ",")]),
    io:format("~p~n", [string:split("a,b,c", ",", all)]),
    io:format("~p~n", [string:split("a,b,c", ",", trailing)]),
    io:format("~p~n", [string:split(",a,,b,", ",", all)]),
    io:format("~p~n", [string:split("no sep", ",")]),
    io:format("~p~n", [string:split("a--b--c", "--", all)]),
    io:format("~p~n", [string:split(<<"x y z">>, " ", all)]),
    io:format("~p~n", [string:lexemes("  a  b   c ", " ")]),
    io:format("~p~n", [string:lexemes("a,b;c", ",;")]),
    io:format("~p~n", [string:lexemes("", " ")]),
    io:format("~p~n", [string:tokens("  hello   world  ", " ")]),
    io:format("~p~n", [string:tokens("a1b2c3", "0123456789")]),
    io:format("~p~n", [string:nth_lexeme("a b c d", 3, " ")]),
    ok.

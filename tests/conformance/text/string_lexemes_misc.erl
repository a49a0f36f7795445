-module(string_lexemes_misc).
-export([main/0]).
main() ->
    CSV = "name,age,city\nann,30,paris\nbob,25,rome\n",
    Rows = [string:split(L, ",", all) || L <- string:lexemes(CSV, "\n")],
    io:format("~p~n", [Rows]),
    [Header | Data] = Rows,
    io:format("~p~n", [[maps:from_list(lists:zip(Header, R)) || R <- Data]]),
    io:format("~p~n", [string:lexemes("a\r\nb\nc", "\r\n")]),
    io:format("~p~n", [string:lexemes(<<"x  y">>, " ")]),
    io:format("~p~n", [string:trim(string:pad("mid", 9, both, $.), both, ".")]),
    ok.

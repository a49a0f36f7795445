-module(string_find_replace).
-export([main/0]).
main() ->
    S = "the cat sat on the mat",
    io:format("~p~n", [string:find(S, "at")]),
    io:format("~p~n", [string:find(S, "at", trailing)]),
    io:format("~p~n", [string:find(S, "dog")]),
    io:format("~p~n", [string:replace(S, "at", "og")]),
    io:format("~p~n", [string:replace(S, "at", "og", all)]),
    io:format("~p~n", [lists:flatten(string:replace(S, "the", "a", all))]),
    io:format("~p~n", [string:replace(S, "at", "og", trailing)]),
    io:format("~p~n", [string:str(S, "sat")]),
    io:format("~p~n", [string:rstr(S, "the")]),
    io:format("~p~n", [string:chr(S, $c)]),
    io:format("~p~n", [string:rchr(S, $t)]),
    io:format("~p~n", [string:span("aaabbb", "a")]),
    io:format("~p~n", [string:cspan("abc,def", ",")]),
    io:format("~p~n", [string:prefix("foobar", "foo")]),
    io:format("~p~n", [string:prefix("foobar", "bar")]),
    ok.

-module(string_old_api).
-export([main/0]).
main() ->
    io:format("~p~n", [string:tokens("a:b::c", ":")]),
    io:format("~p~n", [string:substr("hello", 2, 3)]),
    io:format("~p~n", [string:str("hello", "ll")]),
    io:format("~p~n", [string:chr("hello", $l)]),
    io:format("~p~n", [string:strip("   both   ")]),
    io:format("~p~n", [string:strip("xxmidxx", both, $x)]),
    io:format("~p~n", [string:left("abc", 5)]),
    io:format("~p~n", [string:right("abc", 5)]),
    io:format("~p~n", [string:centre("abc", 7)]),
    io:format("~p~n", [string:words("a b  c")]),
    io:format("~p~n", [string:sub_word("a b  c", 3)]),
    io:format("~p~n", [string:to_integer("42abc")]),
    io:format("~p~n", [string:copies("-", 10)]),
    io:format("~p~n", [string:join(["x", "y", "z"], "")]),
    io:format("~p~n", [string:rchr("a.b.c", $.)]),
    ok.

-module(string_join_misc).
-export([main/0]).
main() ->
    io:format("~p~n", [string:join(["a", "b", "c"], ", ")]),
    io:format("~p~n", [string:join([], ", ")]),
    io:format("~p~n", [string:join(["only"], "-")]),
    io:format("~p~n", [string:copies("ab", 3)]),
    io:format("~p~n", [string:words("one two  three")]),
    io:format("~p~n", [string:sub_word("one two three", 2)]),
    io:format("~p~n", [string:concat("abc", "def")]),
    io:format("~p~n", [string:len("four")]),
    io:format("~p~n", [string:substr("abcdef", 2, 3)]),
    io:format("~p~n", [lists:flatten(lists:join($,, ["x", "y"]))]),
    io:format("~p~n", [string:is_empty(" ")]),
    io:format("~p~n", [string:take("aaabc", "a")]),
    io:format("~p~n", [string:take("aaabc", "c", true)]),
    io:format("~p~n", [string:take("  word", " ", false, leading)]),
    ok.

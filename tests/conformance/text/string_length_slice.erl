-module(string_length_slice).
-export([main/0]).
main() ->
    io:format("~p~n", [string:length("hello")]),
    io:format("~p~n", [string:length(<<"h\x{e9}llo"/utf8>>)]),
    io:format("~p~n", [string:length(["ab", <<"cd">>, $e])]),
    io:format("~p~n", [string:slice("hello world", 6)]),
    io:format("~p~n", [string:slice("hello world", 0, 5)]),
    io:format("~p~n", [string:slice("hello", 3, 100)]),
    io:format("~p~n", [string:slice(<<"binary">>, 2, 3)]),
    io:format("~p~n", [string:substr("hello world", 7)]),
    io:format("~p~n", [string:substr("hello world", 1, 5)]),
    io:format("~p~n", [string:sub_string("hello world", 3, 7)]),
    io:format("~p~n", [string:reverse("stressed")]),
    io:format("~p~n", [string:is_empty("")]),
    io:format("~p~n", [string:is_empty([[], <<>>])]),
    io:format("~p~n", [string:equal("abc", "abc")]),
    io:format("~p~n", [string:equal("abc", "ABC", true)]),
    io:format("~p~n", [string:equal("abc", <<"abc">>)]),
    io:format("~p~n", [string:next_grapheme("abc")]),
    io:format("~p~n", [string:next_codepoint("xyz")]),
    io:format("~p~n", [string:to_graphemes("abc")]),
    ok.

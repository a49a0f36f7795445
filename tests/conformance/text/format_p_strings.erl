-module(format_p_strings).
-export([main/0]).
main() ->
    Long = lists:flatten(lists:duplicate(10, "abcdefghij")),
    io:format("~p~n", [Long]),
    io:format("~p~n", [lists:flatten(lists:duplicate(30, "word "))]),
    io:format("~p~n", [[Long, Long]]),
    io:format("~p~n", [{message, "The quick brown fox jumps over the lazy dog. " ++ "Pack my box with five dozen liquor jugs."}]),
    io:format("~p~n", [["short", "strings", "in", "a", "list", "that", "goes", "past", "the", "eighty", "column", "limit", "for", "sure"]]),
    io:format("~p~n", [list_to_binary(Long)]),
    io:format("~p~n", [[list_to_binary(Long)]]),
    io:format("~p~n", ["line one\nline two\nline three that is long enough to maybe wrap around somewhere"]),
    ok.

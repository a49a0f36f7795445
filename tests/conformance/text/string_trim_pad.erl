-module(string_trim_pad).
-export([main/0]).
main() ->
    io:format("~p~n", [string:trim("   hi there  ")]),
    io:format("~p~n", [string:trim("   hi there  ", leading)]),
    io:format("~p~n", [string:trim("   hi there  ", trailing)]),
    io:format("~p~n", [string:trim("xxhixx", both, "x")]),
    io:format("~p~n", [string:trim("\t\n spaced \r\n")]),
    io:format("~p~n", [string:trim(<<"  bin  ">>)]),
    io:format("~p~n", [string:pad("abc", 8)]),
    io:format("~p~n", [string:pad("abc", 8, leading)]),
    io:format("~p~n", [string:pad("abc", 8, both)]),
    io:format("~p~n", [string:pad("abc", 8, both, $*)]),
    io:format("~p~n", [string:pad("abcdef", 3)]),
    io:format("~p~n", [lists:flatten(string:pad("abc", 6, trailing, $.))]),
    io:format("~p~n", [string:strip("  x  ")]),
    io:format("~p~n", [string:strip("..x..", left, $.)]),
    io:format("~p~n", [string:left("abc", 6, $-)]),
    io:format("~p~n", [string:right("abc", 6, $-)]),
    io:format("~p~n", [string:centre("abc", 9, $=)]),
    io:format("~p~n", [string:chomp("line\n")]),
    io:format("~p~n", [string:chomp("line\r\n")]),
    ok.

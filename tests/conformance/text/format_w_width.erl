-module(format_w_width).
-export([main/0]).
main() ->
    io:format("[~10w]~n", [abc]),
    io:format("[~-10w]~n", [abc]),
    io:format("[~10.3w]~n", [abc]),
    io:format("[~3w]~n", [abcdef]),
    io:format("[~10p]~n", [{a, b}]),
    io:format("[~10w]~n", [12345]),
    io:format("[~-10w]~n", [-12345]),
    io:format("[~10.._w]~n", [x]),
    io:format("[~*w]~n", [8, y]),
    io:format("[~-*w]~n", [8, y]),
    io:format("[~*.*w]~n", [8, 2, y]),
    io:format("[~10.0w]~n", [z]),
    io:format("[~10.5w]~n", [3.5]),
    io:format("[~4p]~n", ["long string here"]),
    ok.

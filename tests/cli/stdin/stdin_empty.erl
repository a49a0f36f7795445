-module(stdin_empty).
-export([main/0]).

%% Empty standard input: every kind of read answers eof, prompts included.
main() ->
    io:format("~p~n", [io:get_line("get_line> ")]),
    io:format("~p~n", [io:get_chars("get_chars> ", 3)]),
    io:format("~p~n", [io:get_chars('', 0)]),
    io:format("~p~n", [io:read("read> ")]),
    io:format("~p~n", [io:fread("fread> ", "~d")]),
    io:format("~p~n", [io:get_line('')]),
    io:format("~p~n", [io:getopts()]).

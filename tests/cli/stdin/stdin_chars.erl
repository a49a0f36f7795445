-module(stdin_chars).
-export([main/0]).

%% io:get_chars/2 counts characters (UTF-8 input), crosses lines, and
%% gives what is left at the end of input.
main() ->
    io:format("~p~n", [io:get_chars("c> ", 3)]),
    io:format("~p~n", [io:get_chars("c> ", 5)]),
    io:format("~p~n", [io:get_chars('', 1)]),
    io:format("~p~n", [io:get_line('')]),
    io:format("~p~n", [io:get_chars('', 100)]),
    io:format("~p~n", [io:get_chars('', 1)]).

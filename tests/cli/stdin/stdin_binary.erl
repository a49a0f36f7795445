-module(stdin_binary).
-export([main/0]).

%% io:setopts/1 switches standard input between list and binary mode.
main() ->
    io:format("~p~n", [io:getopts()]),
    io:format("~p~n", [io:setopts([binary])]),
    io:format("~p~n", [io:getopts()]),
    io:format("~p~n", [io:get_line("bin> ")]),
    io:format("~p~n", [io:get_chars('', 3)]),
    io:format("~p~n", [io:get_line('')]),
    io:format("~p~n", [io:get_line('')]),
    io:format("~p~n", [io:setopts([list])]),
    io:format("~p~n", [io:get_line("list> ")]),
    io:format("~p~n", [io:setopts([{binary, true}])]),
    io:format("~p~n", [io:get_chars('', 2)]),
    io:format("~p~n", [io:setopts([{binary, false}])]),
    io:format("~p~n", [io:get_line('')]),
    io:format("~p~n", [io:get_line('')]).

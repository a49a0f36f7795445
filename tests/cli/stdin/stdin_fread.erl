-module(stdin_fread).
-export([main/0]).

%% io:fread/2: a line at a time; what a format leaves of a line stays for
%% the next read, an error drops the rest of the line, and white space in
%% a format reads across lines.
main() ->
    io:format("~p~n", [io:fread("f1> ", "~d")]),
    io:format("~p~n", [io:get_line('')]),
    io:format("~p~n", [io:fread("f2> ", "~d ~d")]),
    io:format("~p~n", [io:get_line('')]),
    io:format("~p~n", [io:fread('', "~s~d")]),
    io:format("~p~n", [io:fread('', "~a ~f ~c ~3c|~u")]),
    io:format("~p~n", [io:get_line('')]),
    io:format("~p~n", [io:fread('', "~d")]),
    io:format("~p~n", [io:get_line('')]),
    io:format("~p~n", [io:fread('', "abc~d")]),
    io:format("~p~n", [io:fread('', "~d ~d")]),
    io:format("~p~n", [io:fread('', "~s ~a ~f")]),
    io:format("~p~n", [io:fread('', "~*d~d")]),
    io:format("~p~n", [io:get_line('')]).

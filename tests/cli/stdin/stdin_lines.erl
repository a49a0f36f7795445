-module(stdin_lines).
-export([main/0]).

%% io:get_line/1 with a prompt, line by line until eof: the prompt is
%% written before each read (also the one that finds eof); "\r\n" ends a
%% line as "\n"; UTF-8 input gives code points (standard_io is unicode).
main() ->
    loop(1).

loop(N) ->
    case io:get_line("line> ") of
        eof ->
            io:format("~neof after ~p lines~n", [N - 1]),
            io:format("again: ~p~n", [io:get_line("again> ")]);
        Line ->
            io:format("~p: ~p~n", [N, Line]),
            loop(N + 1)
    end.

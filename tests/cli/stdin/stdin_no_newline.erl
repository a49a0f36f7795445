-module(stdin_no_newline).
-export([main/0]).

%% The last line has no newline: get_line returns what is there, then eof.
main() ->
    L1 = io:get_line(''),
    L2 = io:get_line(''),
    L3 = io:get_line(''),
    io:format("~p~n~p~n~p~n", [L1, L2, L3]).

-module(stdin_processes).
-export([main/0]).

%% Standard input is shared: other processes read it through the same
%% server (requests are served in turn), and output from elsewhere goes on
%% while a read waits.
main() ->
    Self = self(),
    First = io:get_line("main> "),
    io:format("main read ~p~n", [First]),
    Pid = spawn(fun() -> Self ! {self(), io:get_line("child> ")} end),
    Child = receive {Pid, L} -> L end,
    io:format("child read ~p~n", [Child]),
    Readers = [spawn(fun() -> Self ! {self(), N, io:get_line('')} end) || N <- [1, 2, 3]],
    Got = lists:sort([receive {P, N, L2} -> {N, L2} end || P <- Readers]),
    io:format("three readers got ~p lines: ~p~n", [length(Got), lists:sort([L3 || {_, L3} <- Got])]),
    io:format("~p~n", [io:get_line("last> ")]),
    io:format("~p~n", [io:get_line("after> ")]).

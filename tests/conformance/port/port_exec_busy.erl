%% A port whose OS process does not read its stdin becomes busy: port_command
%% with nosuspend then returns false, and without it the caller waits (the
%% port's queue stays bounded); closing the port lets the waiter go.
-module(port_exec_busy).
-export([main/0]).

main() ->
    P = open_port({spawn, "sleep 5"}, [binary]),
    Chunk = binary:copy(<<"x">>, 65536),
    Results = [erlang:port_command(P, Chunk, [nosuspend]) || _ <- lists:seq(1, 200)],
    io:format("nosuspend saw busy: ~p~n", [lists:member(false, Results)]),
    Me = self(),
    W = spawn(fun() ->
                      R = try erlang:port_command(P, Chunk) of V -> {returned, V}
                          catch C:E -> {raised, C, E} end,
                      Me ! {writer, R}
              end),
    Waiting = receive {writer, R0} -> {finished_early, R0} after 300 -> still_waiting end,
    io:format("blocking writer: ~p~n", [Waiting]),
    port_close(P),
    After = receive {writer, R1} -> R1 after 5000 -> no_answer end,
    io:format("after close: ~p~n", [After]),
    io:format("writer alive: ~p~n", [is_process_alive(W)]).

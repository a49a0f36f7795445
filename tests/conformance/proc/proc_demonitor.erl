-module(proc_demonitor).
-export([main/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

waiter() -> receive {exit, R} -> exit(R); stop -> ok end.

queued_downs() ->
    {messages, Ms} = process_info(self(), messages),
    length([M || {'DOWN', _, _, _, _} = M <- Ms]).

%% kill P and wait until it is gone (via a separate monitor)
kill_and_wait(P) ->
    M = monitor(process, P),
    exit(P, kill),
    receive {'DOWN', M, process, P, _} -> ok end.

main() ->
    %% demonitor/1 before the process dies: no 'DOWN' ever arrives
    P1 = spawn(fun waiter/0),
    M1 = monitor(process, P1),
    io:format("demonitor/1: ~p~n", [demonitor(M1)]),
    kill_and_wait(P1),
    io:format("DOWN after demonitor: ~p~n", [receive {'DOWN', M1, _, _, _} -> yes after 20 -> no end]),
    %% demonitor/1 again, and on an unknown ref: still true
    io:format("demonitor/1 again: ~p~n", [demonitor(M1)]),
    io:format("demonitor/1 unknown ref: ~p~n", [demonitor(make_ref())]),
    %% demonitor/2 with [] behaves like demonitor/1
    P2 = spawn(fun waiter/0),
    M2 = monitor(process, P2),
    io:format("demonitor/2 []: ~p~n", [demonitor(M2, [])]),
    %% [info]: true when the monitor was active, false otherwise
    M3 = monitor(process, P2),
    io:format("demonitor [info] active: ~p~n", [demonitor(M3, [info])]),
    io:format("demonitor [info] again: ~p~n", [demonitor(M3, [info])]),
    io:format("demonitor [info] unknown: ~p~n", [demonitor(make_ref(), [info])]),
    %% after the process died the DOWN message is queued and the monitor is gone
    M4 = monitor(process, P2),
    kill_and_wait(P2),
    io:format("queued DOWNs: ~p~n", [queued_downs()]),
    io:format("demonitor [info] after death: ~p~n", [demonitor(M4, [info])]),
    io:format("DOWN still queued: ~p~n", [queued_downs()]),
    %% [flush] removes a queued DOWN message, returns true
    io:format("demonitor [flush]: ~p~n", [demonitor(M4, [flush])]),
    io:format("queued DOWNs after flush: ~p~n", [queued_downs()]),
    %% [flush, info] after death: the DOWN is removed, result is false
    P3 = spawn(fun waiter/0),
    M5 = monitor(process, P3),
    kill_and_wait(P3),
    io:format("demonitor [flush, info] after death: ~p~n", [demonitor(M5, [flush, info])]),
    io:format("queued DOWNs: ~p~n", [queued_downs()]),
    %% [flush, info] while still alive: true
    P4 = spawn(fun waiter/0),
    M6 = monitor(process, P4),
    io:format("demonitor [flush, info] alive: ~p~n", [demonitor(M6, [flush, info])]),
    %% flush only removes the DOWN message of that monitor
    P5 = spawn(fun waiter/0),
    M7 = monitor(process, P5),
    M8 = monitor(process, P5),
    self() ! {other, message},
    kill_and_wait(P5),
    io:format("queued DOWNs: ~p~n", [queued_downs()]),
    io:format("flush M7: ~p~n", [demonitor(M7, [flush])]),
    {messages, Left} = process_info(self(), messages),
    io:format("left after flushing M7: ~p~n", [[{R =:= M8, X} || {'DOWN', R, _, _, X} <- Left] ++
                                                 [O || {other, _} = O <- Left]]),
    io:format("flush M8 with info: ~p~n", [demonitor(M8, [flush, info])]),
    receive {other, message} -> ok end,
    io:format("queue: ~p~n", [process_info(self(), message_queue_len)]),
    %% bad arguments
    io:format("demonitor(atom): ~p~n", [err(fun() -> demonitor(foo) end)]),
    io:format("demonitor(pid): ~p~n", [err(fun() -> demonitor(self()) end)]),
    io:format("demonitor bad option: ~p~n", [err(fun() -> demonitor(make_ref(), [bad]) end)]),
    io:format("demonitor bad option list: ~p~n", [err(fun() -> demonitor(make_ref(), bad) end)]),
    %% demonitor of one monitor leaves others on the same process
    Ma = monitor(process, P4),
    Mb = monitor(process, P4),
    demonitor(Ma),
    P4 ! stop,
    receive {'DOWN', Mb, process, P4, Rb} -> io:format("remaining monitor fired: ~p~n", [Rb]) end,
    io:format("demonitored one silent: ~p~n", [receive {'DOWN', Ma, _, _, _} -> no after 20 -> yes end]),
    ok.

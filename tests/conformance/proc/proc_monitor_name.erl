-module(proc_monitor_name).
-export([main/0]).

waiter() -> receive {exit, R} -> exit(R); stop -> ok end.

main() ->
    Node = node(),
    io:format("node: ~p~n", [Node]),
    %% monitor by registered name: the DOWN object is {Name, Node}
    P1 = spawn(fun waiter/0),
    true = register(pmn_server, P1),
    M1 = monitor(process, pmn_server),
    io:format("monitor by name returns ref: ~p~n", [is_reference(M1)]),
    P1 ! {exit, bye},
    receive {'DOWN', M1, process, Obj1, Why1} ->
        io:format("DOWN object: ~p, reason: ~p~n", [Obj1, Why1]),
        io:format("object =:= {pmn_server, node()}: ~p~n", [Obj1 =:= {pmn_server, node()}])
    end,
    %% monitor by {Name, node()}
    P2 = spawn(fun waiter/0),
    register(pmn_server2, P2),
    M2 = monitor(process, {pmn_server2, node()}),
    P2 ! stop,
    receive {'DOWN', M2, process, Obj2, Why2} -> io:format("{Name, node()} DOWN: ~p ~p~n", [Obj2, Why2]) end,
    %% monitor an unregistered name: immediate noproc with {Name, Node}
    M3 = monitor(process, pmn_nobody),
    receive {'DOWN', M3, process, Obj3, Why3} -> io:format("unregistered name: ~p ~p~n", [Obj3, Why3]) end,
    M4 = monitor(process, {pmn_nobody, node()}),
    receive {'DOWN', M4, process, Obj4, Why4} -> io:format("unregistered {Name, node()}: ~p ~p~n", [Obj4, Why4]) end,
    %% the monitor follows the process, not the name
    P5 = spawn(fun waiter/0),
    register(pmn_moving, P5),
    M5 = monitor(process, pmn_moving),
    unregister(pmn_moving),
    P6 = spawn(fun waiter/0),
    register(pmn_moving, P6),
    P6 ! stop,
    receive {'DOWN', M5, _, _, _} -> io:format("wrong: fired for the new owner~n") after 30 -> io:format("new owner's exit not seen~n") end,
    P5 ! {exit, old_owner},
    receive {'DOWN', M5, process, Obj5, Why5} -> io:format("old owner: ~p ~p~n", [Obj5, Why5]) end,
    %% spawn_monitor
    {P7, M7} = spawn_monitor(fun() -> exit(from_spawn_monitor) end),
    io:format("spawn_monitor: pid ~p ref ~p~n", [is_pid(P7), is_reference(M7)]),
    receive {'DOWN', M7, process, P7, Why7} -> io:format("spawn_monitor DOWN: ~p~n", [Why7]) end,
    {P8, M8} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', M8, process, P8, Why8} -> io:format("spawn_monitor normal: ~p~n", [Why8]) end,
    %% spawn_monitor/3
    {P9, M9} = spawn_monitor(erlang, exit, [via_mfa]),
    receive {'DOWN', M9, process, P9, Why9} -> io:format("spawn_monitor/3: ~p~n", [Why9]) end,
    %% spawn_monitor does not link
    {P10, M10} = spawn_monitor(fun waiter/0),
    {links, L10} = process_info(P10, links),
    io:format("spawn_monitor links: ~p~n", [L10]),
    P10 ! stop,
    receive {'DOWN', M10, _, _, _} -> ok end,
    %% several monitors on the same process: one DOWN each, distinct refs
    P11 = spawn(fun waiter/0),
    Ms = [monitor(process, P11) || _ <- lists:seq(1, 5)],
    io:format("distinct refs: ~p~n", [length(lists:usort(Ms))]),
    {monitored_by, By} = process_info(P11, monitored_by),
    io:format("monitored_by has self: ~p, length: ~p~n", [lists:member(self(), By), length(By)]),
    {monitors, Mon} = process_info(self(), monitors),
    io:format("our monitors on P11: ~p~n", [length([x || {process, P} <- Mon, P =:= P11])]),
    P11 ! {exit, many},
    Downs = [receive {'DOWN', M, process, P11, W} -> W end || M <- Ms],
    io:format("downs: ~p~n", [Downs]),
    io:format("extra DOWN: ~p~n", [receive {'DOWN', _, _, _, _} -> yes after 20 -> no end]),
    %% process_info monitors shows names for name monitors
    P12 = spawn(fun waiter/0),
    register(pmn_named, P12),
    M12 = monitor(process, pmn_named),
    {monitors, Mon2} = process_info(self(), monitors),
    io:format("name monitor listed as: ~p~n", [[X || {process, {pmn_named, _}} = X <- Mon2]]),
    demonitor(M12),
    P12 ! stop,
    ok.

-module(proc_exit_self).
-export([main/0]).

%% Run F in a fresh process with the given trap_exit flag; the process reports
%% what F returned (or raised) and the first message it then finds (if any).
%% A report is sent before the process dies, so it is queued before 'DOWN'.
t(Name, Trap, F) ->
    Self = self(),
    {P, M} = spawn_monitor(fun() ->
        process_flag(trap_exit, Trap),
        R = try {returned, F()} catch C:E -> {raised, C, E} end,
        Msg = receive {'EXIT', From, Why} -> {'EXIT', From =:= self(), Why};
                      X -> {other, X}
              after 0 -> no_message
              end,
        Self ! {self(), R, Msg}
    end),
    receive {'DOWN', M, process, P, Why} ->
        Report = receive {P, R, Msg} -> {R, Msg} after 0 -> no_report end,
        io:format("~p:~n  report ~p~n  down ~p~n", [Name, Report, Why])
    end.

%% Run F in a fresh process without catching anything; print the exit reason.
u(Name, Trap, F) ->
    {P, M} = spawn_monitor(fun() -> process_flag(trap_exit, Trap), F() end),
    receive {'DOWN', M, process, P, Why} -> io:format("~p: down ~p~n", [Name, Why]) end.

main() ->
    Dead = spawn(fun() -> ok end),
    Mr = monitor(process, Dead),
    receive {'DOWN', Mr, process, Dead, _} -> ok end,
    %% link/1 to a process that no longer exists
    t(link_dead_not_trapping, false, fun() -> link(Dead) end),
    t(link_dead_trapping, true, fun() -> R = link(Dead),
                                         receive {'EXIT', Dead, W} -> {R, W} after 1000 -> {R, none} end
                                     end),
    t(unlink_dead, false, fun() -> unlink(Dead) end),
    %% exit/2 on a dead process is a no-op
    t(exit_dead_pid, false, fun() -> exit(Dead, kill) end),
    %% exit(self(), normal): a non-trapping process DOES exit (reason normal)
    t(exit_self_normal_not_trapping, false, fun() -> exit(self(), normal), after_exit end),
    %% ... a trapping one gets an EXIT message from itself
    t(exit_self_normal_trapping, true, fun() -> exit(self(), normal) end),
    %% other reasons to self
    t(exit_self_reason_not_trapping, false, fun() -> exit(self(), my_reason), after_exit end),
    t(exit_self_reason_trapping, true, fun() -> exit(self(), my_reason) end),
    %% kill is untrappable, the reason becomes killed
    t(exit_self_kill_not_trapping, false, fun() -> exit(self(), kill), after_exit end),
    t(exit_self_kill_trapping, true, fun() -> exit(self(), kill), after_exit end),
    %% exit/1 raises an exception that can be caught
    t(exit1_caught, false, fun() -> catch exit(caught_reason) end),
    t(exit1_try, false, fun() -> try exit({a, b}) catch exit:R -> {caught, R} end end),
    t(exit2_badarg, false, fun() -> exit(not_a_pid, reason) end),
    t(exit2_badarg_ref, false, fun() -> exit(make_ref(), reason) end),
    %% uncaught exit/1: the reason is exactly the argument (no stack added)
    u(exit1_uncaught, false, fun() -> exit({uncaught, [1, 2, 3]}) end),
    u(exit1_normal, false, fun() -> exit(normal) end),
    u(exit1_kill, false, fun() -> exit(kill) end),
    u(exit1_kill_trapping, true, fun() -> exit(kill) end),
    u(exit1_killed, false, fun() -> exit(killed) end),
    u(exit1_map, false, fun() -> exit(#{why => test}) end),
    u(returns_normally, false, fun() -> some_value end),
    %% exit/2 from another process
    Self = self(),
    V = spawn(fun() -> process_flag(trap_exit, true), Self ! ready, receive _ -> ok end end),
    receive ready -> ok end,
    Mv = monitor(process, V),
    exit(V, kill),
    receive {'DOWN', Mv, process, V, Rv} -> io:format("trapping victim of exit(P, kill): ~p~n", [Rv]) end,
    %% exit(P, killed) is NOT kill: a trapping process gets a message
    V2 = spawn(fun() -> process_flag(trap_exit, true), Self ! ready,
                        receive {'EXIT', _, R} -> Self ! {v2, R} end end),
    receive ready -> ok end,
    exit(V2, killed),
    receive {v2, R2} -> io:format("trapping process got exit(P, killed) as message: ~p~n", [R2]) end,
    %% and it kills a non-trapping process with reason killed
    V3 = spawn(fun() -> receive _ -> ok end end),
    Mv3 = monitor(process, V3),
    exit(V3, killed),
    receive {'DOWN', Mv3, process, V3, R3} -> io:format("non-trapping exit(P, killed): ~p~n", [R3]) end,
    %% exit(P, normal) to a non-trapping process: ignored, it keeps running
    V4 = spawn(fun() -> receive ping -> Self ! pong end end),
    exit(V4, normal),
    V4 ! ping,
    receive pong -> io:format("exit(P, normal) ignored, process answered~n")
    after 2000 -> io:format("no answer~n")
    end,
    ok.

-module(proc_monitor_basic).
-export([main/0]).

%% Under `erl -noshell` OTP's logger prints crash reports of spawned processes
%% on stdout; silence it. (A VM without a logger module raises undef here, which
%% the catch swallows.)
quiet() -> catch logger:set_primary_config(level, none), ok.

err(F) ->
    try F() catch C:R -> {C, R} end.

waiter() ->
    receive
        {exit, R} -> exit(R);
        {error, E} -> error(E);
        divide -> 1 / id(0);
        stop -> ok
    end.

id(X) -> X.

down(P, M) ->
    receive {'DOWN', M, process, P2, Why} -> {P2 =:= P, Why} after 2000 -> no_down end.

main() ->
    quiet(),
    %% monitor returns a reference
    P1 = spawn(fun waiter/0),
    M1 = monitor(process, P1),
    io:format("monitor returns ref: ~p~n", [is_reference(M1)]),
    P1 ! stop,
    io:format("normal: ~p~n", [down(P1, M1)]),
    %% the 'DOWN' message shape
    P2 = spawn(fun waiter/0),
    M2 = erlang:monitor(process, P2),
    P2 ! {exit, custom},
    receive {'DOWN', Ref, Type, Obj, Info} = D ->
        io:format("DOWN tuple size ~p, ref matches ~p, type ~p, object is pid ~p, info ~p~n",
                  [tuple_size(D), Ref =:= M2, Type, Obj =:= P2, Info])
    end,
    %% an error: {badarith, Stack}
    P3 = spawn(fun waiter/0),
    M3 = monitor(process, P3),
    P3 ! divide,
    {true, R3} = down(P3, M3),
    io:format("badarith: ~p, stack is list: ~p~n", [element(1, R3), is_list(element(2, R3))]),
    %% error/1 with a tuple
    P4 = spawn(fun waiter/0),
    M4 = monitor(process, P4),
    P4 ! {error, {bad, thing}},
    {true, R4} = down(P4, M4),
    io:format("error: ~p~n", [element(1, R4)]),
    %% custom exit reasons of various types
    Reasons = [shutdown, {shutdown, tmp}, "string", 42, [a | b], <<"bin">>, {a, {b, c}}],
    Downs = [begin P = spawn(fun waiter/0), M = monitor(process, P), P ! {exit, R}, down(P, M) end
             || R <- Reasons],
    io:format("custom reasons: ~p~n", [Downs]),
    %% monitoring a dead process gives noproc
    {Dead, Md} = spawn_monitor(fun() -> ok end),
    io:format("first monitor: ~p~n", [down(Dead, Md)]),
    Md2 = monitor(process, Dead),
    io:format("dead process: ~p, new ref: ~p~n", [down(Dead, Md2), Md2 =/= Md]),
    %% killed
    P5 = spawn(fun waiter/0),
    M5 = monitor(process, P5),
    exit(P5, kill),
    io:format("killed: ~p~n", [down(P5, M5)]),
    %% monitors are one-way: the monitored process is not affected by our exit
    Self = self(),
    Watcher = spawn(fun() ->
                        Target = receive {watch, T} -> T end,
                        M = monitor(process, Target),
                        Self ! watching,
                        receive {'DOWN', M, process, Target, W} -> Self ! {watched_down, W} end
                    end),
    Tgt = spawn(fun waiter/0),
    Watcher ! {watch, Tgt},
    receive watching -> ok end,
    exit(Watcher, kill),
    receive after 10 -> ok end,
    io:format("target alive after watcher died: ~p~n", [is_process_alive(Tgt)]),
    Tgt ! stop,
    %% monitoring self
    io:format("monitor self: ~p~n", [err(fun() -> is_reference(monitor(process, self())) end)]),
    %% bad arguments
    io:format("bad type: ~p~n", [err(fun() -> monitor(foo, self()) end)]),
    io:format("bad pid: ~p~n", [err(fun() -> monitor(process, 42) end)]),
    io:format("bad name: ~p~n", [err(fun() -> monitor(process, "name") end)]),
    %% monitor with a trapping or non-trapping exit has no EXIT messages
    io:format("no EXIT messages: ~p~n", [receive {'EXIT', _, _} = E -> E after 0 -> none end]),
    ok.

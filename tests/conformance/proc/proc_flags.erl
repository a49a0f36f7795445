-module(proc_flags).
-export([main/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

%% run F in a fresh process (default flags) and return its result
fresh(F) ->
    Self = self(),
    {P, M} = spawn_monitor(fun() -> Self ! {self(), F()} end),
    receive {P, R} -> receive {'DOWN', M, _, _, _} -> R end end.

main() ->
    %% trap_exit returns the old value
    io:format("trap_exit sequence: ~p~n",
              [fresh(fun() ->
                         A = process_flag(trap_exit, true),
                         B = process_flag(trap_exit, true),
                         C = process_flag(trap_exit, false),
                         D = process_flag(trap_exit, false),
                         [A, B, C, D]
                     end)]),
    %% priority returns the old value
    io:format("priority sequence: ~p~n",
              [fresh(fun() ->
                         A = process_flag(priority, high),
                         B = process_flag(priority, low),
                         C = process_flag(priority, max),
                         D = process_flag(priority, normal),
                         {priority, E} = process_info(self(), priority),
                         [A, B, C, D, E]
                     end)]),
    io:format("priority high visible: ~p~n",
              [fresh(fun() -> process_flag(priority, high), process_info(self(), priority) end)]),
    %% bad flags and values
    io:format("bad priority: ~p~n", [fresh(fun() -> err(fun() -> process_flag(priority, urgent) end) end)]),
    io:format("bad trap_exit value: ~p~n", [fresh(fun() -> err(fun() -> process_flag(trap_exit, yes) end) end)]),
    io:format("bad flag: ~p~n", [fresh(fun() -> err(fun() -> process_flag(no_such_flag, true) end) end)]),
    %% spawn_opt with [link]
    process_flag(trap_exit, true),
    Self = self(),
    P1 = spawn_opt(fun() -> receive go -> exit(linked_bye) end end, [link]),
    io:format("spawn_opt link returns pid: ~p~n", [is_pid(P1)]),
    {links, L1} = process_info(P1, links),
    io:format("linked to us: ~p~n", [L1 =:= [Self]]),
    P1 ! go,
    receive {'EXIT', P1, W1} -> io:format("EXIT: ~p~n", [W1]) end,
    %% spawn_opt with [monitor] returns {Pid, Ref}
    {P2, M2} = spawn_opt(fun() -> exit(monitored_bye) end, [monitor]),
    io:format("spawn_opt monitor: ~p ~p~n", [is_pid(P2), is_reference(M2)]),
    receive {'DOWN', M2, process, P2, W2} -> io:format("DOWN: ~p~n", [W2]) end,
    %% [link, monitor]
    {P3, M3} = spawn_opt(fun() -> exit(both) end, [link, monitor]),
    receive {'DOWN', M3, process, P3, W3} -> io:format("both DOWN: ~p~n", [W3]) end,
    receive {'EXIT', P3, W3b} -> io:format("both EXIT: ~p~n", [W3b]) end,
    %% {priority, low}
    P4 = spawn_opt(fun() -> Self ! {self(), process_info(self(), priority)} end, [{priority, low}]),
    receive {P4, Pr4} -> io:format("spawned with low: ~p~n", [Pr4]) end,
    P5 = spawn_opt(fun() -> Self ! {self(), process_info(self(), priority)} end, [{priority, high}]),
    receive {P5, Pr5} -> io:format("spawned with high: ~p~n", [Pr5]) end,
    %% priority is not inherited
    P6 = spawn_opt(fun() ->
                       Parent = self(),
                       spawn(fun() -> Parent ! {child, process_info(self(), priority)} end),
                       receive {child, CP} -> Self ! {self(), CP} end
                   end, [{priority, high}]),
    receive {P6, Pr6} -> io:format("child of high process: ~p~n", [Pr6]) end,
    %% trap_exit is not inherited
    P7 = spawn(fun() -> Self ! {self(), process_info(self(), trap_exit)} end),
    receive {P7, T7} -> io:format("child of trapping process: ~p~n", [T7]) end,
    %% spawn_opt/4 with a module function
    {P8, M8} = spawn_opt(erlang, exit, [mfa_exit], [monitor]),
    receive {'DOWN', M8, process, P8, W8} -> io:format("spawn_opt/4: ~p~n", [W8]) end,
    %% spawn_opt with no options
    P9 = spawn_opt(fun() -> Self ! {self(), hi} end, []),
    receive {P9, hi} -> io:format("spawn_opt []: ok~n") end,
    %% bad options
    io:format("spawn_opt bad option: ~p~n", [err(fun() -> spawn_opt(fun() -> ok end, [bogus]) end)]),
    io:format("spawn_opt bad priority: ~p~n", [err(fun() -> spawn_opt(fun() -> ok end, [{priority, urgent}]) end)]),
    io:format("spawn_opt not a list: ~p~n", [err(fun() -> spawn_opt(fun() -> ok end, link) end)]),
    process_flag(trap_exit, false),
    ok.

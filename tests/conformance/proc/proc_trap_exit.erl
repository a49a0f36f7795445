-module(proc_trap_exit).
-export([main/0]).

wait_exit(P) ->
    receive {'EXIT', P, Why} -> Why after 2000 -> no_exit_message end.

first(Reason) when is_tuple(Reason) -> element(1, Reason);
first(Reason) -> Reason.

zero() -> 0.

%% Under `erl -noshell` OTP's logger prints crash reports of spawned processes
%% on stdout; silence it. (A VM without a logger module raises undef here, which
%% the catch swallows.)
quiet() -> catch logger:set_primary_config(level, none), ok.

main() ->
    quiet(),
    Old = process_flag(trap_exit, true),
    io:format("old flag is boolean: ~p~n", [is_boolean(Old)]),
    %% normal exit of a linked process
    P1 = spawn_link(fun() -> ok end),
    io:format("normal: ~p~n", [wait_exit(P1)]),
    %% exit/1 with custom reasons
    P2 = spawn_link(fun() -> exit(custom_reason) end),
    io:format("exit(custom_reason): ~p~n", [wait_exit(P2)]),
    P3 = spawn_link(fun() -> exit({shutdown, because}) end),
    io:format("exit({shutdown,...}): ~p~n", [wait_exit(P3)]),
    P3b = spawn_link(fun() -> exit(normal) end),
    io:format("exit(normal): ~p~n", [wait_exit(P3b)]),
    P3c = spawn_link(fun() -> exit([1, "two", <<3>>]) end),
    io:format("exit(list): ~p~n", [wait_exit(P3c)]),
    %% runtime error: reason is {Error, Stack}
    P4 = spawn_link(fun() -> 1 / zero() end),
    R4 = wait_exit(P4),
    io:format("badarith: ~p, stack is list: ~p~n", [first(R4), is_list(element(2, R4))]),
    %% error/1 with a term
    P5 = spawn_link(fun() -> error({my_error, 42}) end),
    R5 = wait_exit(P5),
    io:format("error(): ~p~n", [first(R5)]),
    %% uncaught throw
    P6 = spawn_link(fun() -> throw(ball) end),
    R6 = wait_exit(P6),
    io:format("throw: ~p~n", [first(R6)]),
    %% exit/2 from us with a custom reason kills a non-trapping linked process
    P7 = spawn_link(fun() -> receive never -> ok end end),
    true = exit(P7, go_away),
    io:format("exit(P, go_away): ~p~n", [wait_exit(P7)]),
    %% exit/2 with kill: EXIT says killed
    P8 = spawn_link(fun() -> receive never -> ok end end),
    exit(P8, kill),
    io:format("exit(P, kill): ~p~n", [wait_exit(P8)]),
    %% exit/2 with normal does nothing to a non-trapping process
    P9 = spawn_link(fun() -> receive stop -> ok end end),
    exit(P9, normal),
    receive after 20 -> ok end,
    io:format("alive after exit(P, normal): ~p~n", [is_process_alive(P9)]),
    P9 ! stop,
    io:format("then stopped: ~p~n", [wait_exit(P9)]),
    %% a trapping process gets exit signals as messages
    Self = self(),
    T = spawn_link(fun() ->
                       process_flag(trap_exit, true),
                       Self ! ready,
                       Loop = fun L(Acc) ->
                                  receive
                                      report -> Self ! {got, lists:reverse(Acc)}, L([]);
                                      {'EXIT', From, Why} -> L([{From =:= Self, Why} | Acc])
                                  end
                              end,
                       Loop([])
                   end),
    receive ready -> ok end,
    exit(T, normal),
    exit(T, some_reason),
    exit(T, {complex, [1, 2]}),
    T ! report,
    receive {got, Got} -> io:format("trapping process got: ~p~n", [Got]) end,
    io:format("still alive: ~p~n", [is_process_alive(T)]),
    %% kill cannot be trapped; the linked process sees killed
    exit(T, kill),
    io:format("trapping process killed: ~p~n", [wait_exit(T)]),
    %% an EXIT message from an unrelated process via exit/2 while we trap
    P10 = spawn(fun() -> exit(Self, hello) end),
    io:format("exit/2 from unlinked process: ~p~n", [wait_exit(P10)]),
    %% a fake EXIT message is just a message
    self() ! {'EXIT', self(), fake},
    io:format("fake EXIT: ~p~n", [wait_exit(self())]),
    process_flag(trap_exit, Old),
    ok.

-module(proc_lib_basic).
-export([main/0, child/1, acker/1, slow/0, failer/0]).

%% Under `erl -noshell` OTP's logger prints reports on stdout; silence it.
quiet() -> catch logger:set_primary_config(level, none), ok.

child(Parent) ->
    Parent ! {dict, get('$initial_call'), length(get('$ancestors'))},
    ok.

acker(How) ->
    case How of
        ok -> proc_lib:init_ack({ok, self()}), receive stop -> ok end;
        value -> proc_lib:init_ack(hello);
        crash -> erlang:error(oops);
        die -> exit(bye);
        fail -> proc_lib:init_fail({error, nope}, {exit, nope})
    end.

slow() -> receive after 5000 -> ok end.

failer() -> throw(up).

head({R, Stack}) when is_list(Stack) -> {R, stack};
head(R) -> R.

main() ->
    quiet(),
    Self = self(),
    %% spawn/3 and the dictionary
    proc_lib:spawn(?MODULE, child, [Self]),
    receive {dict, IC, NA} -> io:format("spawn/3: ~p ancestors ~p~n", [IC, NA]) end,
    %% spawn/1 of a fun: initial call is the fun's name
    proc_lib:spawn(fun() -> Self ! {ic, get('$initial_call'), get('$ancestors') =:= [Self]} end),
    receive {ic, {M, _F, A}, Anc} -> io:format("spawn/1: ~p/~p ancestors ok: ~p~n", [M, A, Anc]) end,
    %% spawn_link + exit reasons seen through links
    process_flag(trap_exit, true),
    P1 = proc_lib:spawn_link(fun() -> erlang:error(boom) end),
    receive {'EXIT', P1, R1} -> io:format("error exit: ~p~n", [head(R1)]) end,
    P2 = proc_lib:spawn_link(?MODULE, failer, []),
    receive {'EXIT', P2, R2} -> io:format("throw exit: ~p~n", [head(R2)]) end,
    P3 = proc_lib:spawn_link(fun() -> exit(custom) end),
    receive {'EXIT', P3, R3} -> io:format("exit: ~p~n", [R3]) end,
    P4 = proc_lib:spawn_link(fun() -> ok end),
    receive {'EXIT', P4, R4} -> io:format("normal: ~p~n", [R4]) end,
    %% spawn_opt
    {P5, Ref5} = proc_lib:spawn_opt(fun() -> exit(shutdown) end, [monitor]),
    receive {'DOWN', Ref5, process, P5, R5} -> io:format("spawn_opt monitor: ~p~n", [R5]) end,
    %% start / start_link
    {ok, A1} = proc_lib:start(?MODULE, acker, [ok]),
    io:format("start ok: ~p~n", [is_pid(A1)]),
    io:format("initial_call: ~p~n", [proc_lib:initial_call(A1)]),
    io:format("translate: ~p~n", [proc_lib:translate_initial_call(A1)]),
    A1 ! stop,
    io:format("start value: ~p~n", [proc_lib:start(?MODULE, acker, [value])]),
    io:format("start crash: ~p~n", [head2(proc_lib:start(?MODULE, acker, [crash]))]),
    io:format("start die: ~p~n", [proc_lib:start(?MODULE, acker, [die])]),
    io:format("start timeout: ~p~n", [proc_lib:start(?MODULE, slow, [], 50)]),
    io:format("start_link value: ~p~n", [proc_lib:start_link(?MODULE, acker, [value])]),
    receive {'EXIT', _, normal} -> io:format("linked child ended normally~n") end,
    io:format("start_link die: ~p~n", [proc_lib:start_link(?MODULE, acker, [die])]),
    io:format("start_link timeout: ~p~n", [proc_lib:start_link(?MODULE, slow, [], 50)]),
    {Ret, MRef} = proc_lib:start_monitor(?MODULE, acker, [value]),
    io:format("start_monitor: ~p~n", [Ret]),
    receive {'DOWN', MRef, process, _, RM} -> io:format("monitor down: ~p~n", [RM]) end,
    flush(),
    ok.

head2({error, {R, Stack}}) when is_list(Stack) -> {error, {R, stack}};
head2(X) -> X.

flush() ->
    receive M -> io:format("left: ~p~n", [M]), flush() after 50 -> ok end.

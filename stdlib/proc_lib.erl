%% proc_lib: starting processes that take part in OTP's conventions.
%%
%% A process spawned here runs init_p/3,5 first: it records its ancestors
%% ('$ancestors', parent first, a registered name where the parent has one)
%% and its initial call ('$initial_call') in its dictionary, then runs the
%% given function inside one try. An exception that escapes prints a crash
%% report on stderr (unless it is an exit with reason normal, shutdown or
%% {shutdown, _}) and ends the process with the reason a plain process would
%% have had: {Reason, Stack} for an error, {{nocatch, Value}, Stack} for a
%% throw, Reason for an exit. The VM then prints nothing more (the process
%% dies of an exit).
%%
%% start/start_link/start_monitor spawn and wait for the child's
%% init_ack/1,2 ({ack, Pid, Return}), its init_fail/2,3 ({nack, Pid,
%% Return}, as OTP 26), its death or a timeout (then the child is killed).
-module(proc_lib).
-export([spawn/1, spawn/3, spawn_link/1, spawn_link/3, spawn_opt/2, spawn_opt/4,
         start/3, start/4, start/5, start_link/3, start_link/4, start_link/5,
         start_monitor/3, start_monitor/4, start_monitor/5,
         init_ack/1, init_ack/2, init_fail/2, init_fail/3,
         hibernate/3, initial_call/1, translate_initial_call/1, stop/1, stop/3,
         format/1, format/2]).
-export([init_p/3, init_p/5, wake_up/3]).

%% --- spawning -------------------------------------------------------------

spawn(F) when is_function(F) ->
    erlang:spawn(?MODULE, init_p, [my_name(), ancestors(), F]).

spawn(M, F, A) when is_atom(M), is_atom(F), is_list(A) ->
    erlang:spawn(?MODULE, init_p, [my_name(), ancestors(), M, F, A]).

spawn_link(F) when is_function(F) ->
    erlang:spawn_link(?MODULE, init_p, [my_name(), ancestors(), F]).

spawn_link(M, F, A) when is_atom(M), is_atom(F), is_list(A) ->
    erlang:spawn_link(?MODULE, init_p, [my_name(), ancestors(), M, F, A]).

spawn_opt(F, Opts) when is_function(F), is_list(Opts) ->
    erlang:spawn_opt(?MODULE, init_p, [my_name(), ancestors(), F], Opts).

spawn_opt(M, F, A, Opts) when is_atom(M), is_atom(F), is_list(A), is_list(Opts) ->
    erlang:spawn_opt(?MODULE, init_p, [my_name(), ancestors(), M, F, A], Opts).

my_name() ->
    case erlang:process_info(self(), registered_name) of
        {registered_name, Name} -> Name;
        _ -> self()
    end.

ancestors() ->
    case get('$ancestors') of
        L when is_list(L) -> L;
        _ -> []
    end.

init_p(Parent, Ancestors, Fun) ->
    put('$ancestors', [Parent | Ancestors]),
    put('$initial_call', fun_mfa(Fun)),
    try
        Fun()
    catch
        Class:Reason:Stack -> exit_p(Class, Reason, Stack)
    end.

init_p(Parent, Ancestors, M, F, A) ->
    put('$ancestors', [Parent | Ancestors]),
    put('$initial_call', trans_init(M, F, A)),
    try
        apply(M, F, A)
    catch
        Class:Reason:Stack -> exit_p(Class, Reason, Stack)
    end.

fun_mfa(Fun) ->
    {module, M} = erlang:fun_info(Fun, module),
    {name, F} = erlang:fun_info(Fun, name),
    {arity, A} = erlang:fun_info(Fun, arity),
    {M, F, A}.

%% What a process started through gen reports as its initial call: the
%% callback module's init/1 (as OTP does), so crash reports and
%% process listings name the server rather than gen.
trans_init(gen, init_it, [gen_server, _, _, gen_event | _]) ->
    {gen_event, init_it, 6};
trans_init(gen, init_it, [gen_server, _, _, _, gen_event | _]) ->
    {gen_event, init_it, 6};
trans_init(gen, init_it, [gen_server, _, _, supervisor, {_, Module, _}, _]) ->
    {supervisor, Module, 1};
trans_init(gen, init_it, [gen_server, _, _, _, supervisor, {_, Module, _}, _]) ->
    {supervisor, Module, 1};
trans_init(gen, init_it, [gen_server, _, _, Module, _, _]) when is_atom(Module) ->
    {Module, init, 1};
trans_init(gen, init_it, [gen_server, _, _, _, Module | _]) when is_atom(Module) ->
    {Module, init, 1};
trans_init(gen, init_it, [gen_statem, _, _, Module, _, _]) when is_atom(Module) ->
    {Module, init, 1};
trans_init(gen, init_it, [gen_statem, _, _, _, Module | _]) when is_atom(Module) ->
    {Module, init, 1};
trans_init(M, F, A) ->
    {M, F, length(A)}.

%% hibernate/3 drops the stack, and with it init_p's try: wake_up puts one
%% back around the function the process wakes in.
hibernate(M, F, A) ->
    erlang:hibernate(?MODULE, wake_up, [M, F, A]).

wake_up(M, F, A) ->
    try
        apply(M, F, A)
    catch
        Class:Reason:Stack -> exit_p(Class, Reason, Stack)
    end.

exit_p(Class, Reason, Stack) ->
    case Class of
        exit when Reason =:= normal; Reason =:= shutdown -> ok;
        exit when tuple_size(Reason) =:= 2, element(1, Reason) =:= shutdown -> ok;
        _ -> crash_report(Class, Reason, Stack)
    end,
    erlang:raise(exit, exit_reason(Class, Reason, Stack), Stack).

exit_reason(error, Reason, Stack) -> {Reason, Stack};
exit_reason(throw, Reason, Stack) -> {{nocatch, Reason}, Stack};
exit_reason(exit, Reason, _Stack) -> Reason.

%% --- synchronous start ----------------------------------------------------

start(M, F, A) -> start(M, F, A, infinity, []).
start(M, F, A, Timeout) -> start(M, F, A, Timeout, []).
start(M, F, A, Timeout, SpawnOpts) ->
    {Pid, Ref} = spawn_opt(M, F, A, [monitor | SpawnOpts]),
    receive
        {ack, Pid, Return} ->
            erlang:demonitor(Ref, [flush]),
            Return;
        {nack, Pid, Return} ->
            receive {'DOWN', Ref, process, Pid, _} -> ok end,
            Return;
        {'DOWN', Ref, process, Pid, Reason} ->
            {error, Reason}
    after Timeout ->
            erlang:demonitor(Ref, [flush]),
            kill_flush(Pid),
            {error, timeout}
    end.

start_link(M, F, A) -> start_link(M, F, A, infinity, []).
start_link(M, F, A, Timeout) -> start_link(M, F, A, Timeout, []).
start_link(M, F, A, Timeout, SpawnOpts) ->
    Pid = spawn_opt(M, F, A, [link | SpawnOpts]),
    receive
        {ack, Pid, Return} ->
            Return;
        {nack, Pid, Return} ->
            await_exit(Pid),
            Return;
        {'EXIT', Pid, Reason} ->
            {error, Reason}
    after Timeout ->
            kill_flush(Pid),
            {error, timeout}
    end.

start_monitor(M, F, A) -> start_monitor(M, F, A, infinity, []).
start_monitor(M, F, A, Timeout) -> start_monitor(M, F, A, Timeout, []).
start_monitor(M, F, A, Timeout, SpawnOpts) ->
    {Pid, Ref} = spawn_opt(M, F, A, [monitor | SpawnOpts]),
    receive
        {ack, Pid, Return} ->
            {Return, Ref};
        {nack, Pid, Return} ->
            {Return, Ref};
        {'DOWN', Ref, process, Pid, Reason} = Down ->
            self() ! Down,
            {{error, Reason}, Ref}
    after Timeout ->
            kill_flush(Pid),
            {{error, timeout}, Ref}
    end.

%% A linked child that failed its start: wait until it is gone, so the
%% caller returns after it, and take its exit signal off the link.
await_exit(Pid) ->
    Ref = erlang:monitor(process, Pid),
    unlink(Pid),
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    receive {'EXIT', Pid, _} -> ok after 0 -> ok end.

kill_flush(Pid) ->
    unlink(Pid),
    exit(Pid, kill),
    receive {'EXIT', Pid, _} -> ok after 0 -> ok end.

init_ack(Return) ->
    [Parent | _] = get('$ancestors'),
    init_ack(Parent, Return).

init_ack(Parent, Return) ->
    Parent ! {ack, self(), Return},
    ok.

init_fail(Return, Exception) ->
    [Parent | _] = get('$ancestors'),
    init_fail(Parent, Return, Exception).

init_fail(Parent, Return, Exception) ->
    Parent ! {nack, self(), Return},
    case Exception of
        {error, Reason} -> erlang:error(Reason);
        {exit, Reason} -> erlang:exit(Reason);
        {throw, Reason} -> erlang:throw(Reason);
        {Class, Reason, Stack} -> erlang:raise(Class, Reason, Stack)
    end.

%% --- stop -----------------------------------------------------------------

stop(Process) -> stop(Process, normal, infinity).

%% Ask a process speaking the sys protocol to terminate with Reason and wait
%% until it has: ok, or exit(noproc | timeout | OtherReason).
stop(Process, Reason, Timeout) ->
    Mref = erlang:monitor(process, Process),
    catch erlang:send(Process, {system, {self(), Mref}, {terminate, Reason}}),
    receive
        {'DOWN', Mref, _, _, Reason} ->
            flush_reply(Mref);
        {'DOWN', Mref, _, _, Other} ->
            flush_reply(Mref),
            exit(Other)
    after Timeout ->
            erlang:demonitor(Mref, [flush]),
            flush_reply(Mref),
            exit(timeout)
    end.

flush_reply(Mref) ->
    receive {Mref, _} -> ok after 0 -> ok end.

%% --- initial calls --------------------------------------------------------

initial_call(Process) ->
    case dictionary(Process) of
        undefined -> false;
        Dict ->
            case lists:keyfind('$initial_call', 1, Dict) of
                {_, {M, F, A}} -> {M, F, make_args(A, [])};
                false -> false
            end
    end.

translate_initial_call(Process) ->
    case dictionary(Process) of
        undefined -> {?MODULE, init_p, 5};
        Dict ->
            case lists:keyfind('$initial_call', 1, Dict) of
                {_, MFA} -> MFA;
                false -> {?MODULE, init_p, 5}
            end
    end.

dictionary(Pid) when is_pid(Pid) ->
    case erlang:process_info(Pid, dictionary) of
        {dictionary, D} -> D;
        undefined -> undefined
    end;
dictionary(Dict) when is_list(Dict) -> Dict.

make_args(0, Acc) -> Acc;
make_args(N, Acc) -> make_args(N - 1, [list_to_atom("Argument__" ++ integer_to_list(N)) | Acc]).

%% --- crash reports --------------------------------------------------------

crash_report(Class, Reason, Stack) ->
    error_logger:girder_report("CRASH REPORT", format_crash(Class, Reason, Stack),
                               {error_report, group_leader(),
                                {self(), crash_report, [crash_items(Class, Reason, Stack), []]}}).

%% The report as OTP's report handlers get it: a property list.
crash_items(Class, Reason, Stack) ->
    Info = erlang:process_info(self(), [registered_name, message_queue_len, messages, links,
                                        dictionary, trap_exit, status, heap_size,
                                        stack_size, reductions]),
    Item = fun(K) -> proplists:get_value(K, Info) end,
    [{initial_call, case get('$initial_call') of
                        {_, _, _} = MFA -> MFA;
                        _ -> {?MODULE, init_p, 5}
                    end},
     {pid, self()},
     {registered_name, Item(registered_name)},
     {error_info, {Class, Reason, Stack}},
     {ancestors, ancestors()} |
     [{K, Item(K)} || K <- [message_queue_len, messages, links, dictionary, trap_exit,
                            status, heap_size, stack_size, reductions]]].

format(Report) -> format(Report, latin1).
format(Report, _Encoding) -> lists:flatten(io_lib:format("~tp~n", [Report])).

format_crash(Class, Reason, Stack) ->
    Self = self(),
    {M, F, A} = case get('$initial_call') of
                    {_, _, _} = MFA -> MFA;
                    _ -> {?MODULE, init_p, 5}
                end,
    Info = erlang:process_info(Self, [registered_name, message_queue_len, messages, links,
                                      dictionary, trap_exit, status, heap_size,
                                      stack_size, reductions]),
    Dict = [KV || {K, _} = KV <- proplists:get_value(dictionary, Info, []),
                  K =/= '$ancestors', K =/= '$initial_call'],
    Item = fun(K) -> proplists:get_value(K, Info) end,
    Name = case Item(registered_name) of
               [] -> [];
               N -> N
           end,
    ["  crasher:\n",
     io_lib:format("    initial call: ~tw:~tw/~w~n", [M, F, A]),
     io_lib:format("    pid: ~w~n", [Self]),
     io_lib:format("    registered_name: ~tw~n", [Name]),
     format_exception(Class, Reason, Stack),
     io_lib:format("    ancestors: ~tw~n", [ancestors()]),
     io_lib:format("    message_queue_len: ~w~n", [Item(message_queue_len)]),
     io_lib:format("    messages: ~tP~n", [Item(messages), 30]),
     io_lib:format("    links: ~tw~n", [Item(links)]),
     io_lib:format("    dictionary: ~tP~n", [Dict, 30]),
     io_lib:format("    trap_exit: ~w~n", [Item(trap_exit)]),
     io_lib:format("    status: ~w~n", [Item(status)]),
     io_lib:format("    heap_size: ~w~n", [Item(heap_size)]),
     io_lib:format("    stack_size: ~w~n", [Item(stack_size)]),
     io_lib:format("    reductions: ~w~n", [Item(reductions)]),
     "  neighbours:\n"].

format_exception(Class, Reason, Stack) ->
    [io_lib:format("    exception ~w: ~tP~n", [Class, Reason, 50]),
     format_stack(Stack, "in function ")].

format_stack([{proc_lib, _, _, _} | _], _) -> [];
format_stack([{M, F, A, Loc} | Rest], What) when is_atom(M), is_atom(F) ->
    Arity = if is_list(A) -> length(A); true -> A end,
    Where = case {proplists:get_value(file, Loc), proplists:get_value(line, Loc)} of
                {undefined, _} -> "";
                {File, undefined} -> io_lib:format(" (~ts)", [filename:basename(File)]);
                {File, Line} -> io_lib:format(" (~ts, line ~w)", [filename:basename(File), Line])
            end,
    [io_lib:format("      ~s ~tw:~tw/~w~s~n", [What, M, F, Arity, Where]) | format_stack(Rest, "in call from")];
format_stack(_, _) -> [].

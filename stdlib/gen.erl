%% gen: what gen_server, gen_statem and supervisor share: starting a server
%% under a name (proc_lib:start*, then GenMod:init_it/6 in the new process),
%% the synchronous call, replies, stop, and option parsing.
%%
%% A call monitors the server, sends {Label, {self(), Mref}, Request} and
%% waits for {Mref, Reply} or the monitor's 'DOWN' (the receive starts after
%% the monitor's reference, so a long mailbox is not scanned). OTP 25 tags
%% with a process alias so a reply arriving after a timeout is dropped; Girder
%% has no aliases yet, so such a late reply lands in the caller's mailbox (as
%% in OTP before 24).
-module(gen).
-export([start/5, start/6, init_it/6, init_it/7, call/3, call/4, cast/2, reply/2,
         send_request/3, wait_response/2, receive_response/2, check_response/2,
         stop/1, stop/3, get_parent/0, debug_options/2, hibernate_after/1,
         name/1, unregister_name/1, where/1, format_status_header/2]).

%% --- cast -----------------------------------------------------------------

%% gen_server:cast/2 and gen_statem:cast/2: {'$gen_cast', Msg} to a pid or
%% any server name; always ok (a missing server is not an error).
cast(Pid, Msg) when is_pid(Pid) ->
    Pid ! {'$gen_cast', Msg},
    ok;
cast({global, Name}, Msg) ->
    catch global:send(Name, {'$gen_cast', Msg}),
    ok;
cast({via, Mod, Name}, Msg) ->
    catch Mod:send(Name, {'$gen_cast', Msg}),
    ok;
cast(Dest, Msg) when is_atom(Dest); tuple_size(Dest) =:= 2 ->
    catch erlang:send(Dest, {'$gen_cast', Msg}),
    ok.

%% --- start ----------------------------------------------------------------

start(GenMod, LinkP, Mod, Args, Options) ->
    do_spawn(GenMod, LinkP, Mod, Args, Options).

start(GenMod, LinkP, Name, Mod, Args, Options) ->
    case where(Name) of
        undefined -> do_spawn(GenMod, LinkP, Name, Mod, Args, Options);
        Pid -> {error, {already_started, Pid}}
    end.

do_spawn(GenMod, link, Mod, Args, Options) ->
    proc_lib:start_link(?MODULE, init_it, [GenMod, self(), self(), Mod, Args, Options],
                        timeout(Options), spawn_opts(Options));
do_spawn(GenMod, monitor, Mod, Args, Options) ->
    monitor_return(proc_lib:start_monitor(?MODULE, init_it, [GenMod, self(), self(), Mod, Args, Options],
                                          timeout(Options), spawn_opts(Options)));
do_spawn(GenMod, _, Mod, Args, Options) ->
    proc_lib:start(?MODULE, init_it, [GenMod, self(), self, Mod, Args, Options],
                   timeout(Options), spawn_opts(Options)).

do_spawn(GenMod, link, Name, Mod, Args, Options) ->
    proc_lib:start_link(?MODULE, init_it, [GenMod, self(), self(), Name, Mod, Args, Options],
                        timeout(Options), spawn_opts(Options));
do_spawn(GenMod, monitor, Name, Mod, Args, Options) ->
    monitor_return(proc_lib:start_monitor(?MODULE, init_it, [GenMod, self(), self(), Name, Mod, Args, Options],
                                          timeout(Options), spawn_opts(Options)));
do_spawn(GenMod, _, Name, Mod, Args, Options) ->
    proc_lib:start(?MODULE, init_it, [GenMod, self(), self, Name, Mod, Args, Options],
                   timeout(Options), spawn_opts(Options)).

%% start_monitor gives {ok, {Pid, Mref}}; a failed start waits for the
%% child's 'DOWN' so none is left behind, and gives the error alone.
monitor_return({{ok, Pid}, Mref}) when is_pid(Pid) ->
    {ok, {Pid, Mref}};
monitor_return({Error, Mref}) ->
    receive {'DOWN', Mref, process, _, _} -> ok end,
    Error.

%% In the new process. Parent is the starter's pid, or `self' for a server
%% without a parent (then the server is its own parent, as in OTP).
init_it(GenMod, Starter, Parent, Mod, Args, Options) ->
    GenMod:init_it(Starter, parent(Parent), self(), Mod, Args, Options).

init_it(GenMod, Starter, Parent, Name, Mod, Args, Options) ->
    case register_name(Name) of
        true ->
            GenMod:init_it(Starter, parent(Parent), Name, Mod, Args, Options);
        {false, Pid} ->
            proc_lib:init_ack(Starter, {error, {already_started, Pid}})
    end.

parent(self) -> self();
parent(Pid) -> Pid.

register_name({local, Name} = LN) ->
    try register(Name, self()) of
        true -> true
    catch
        error:_ -> {false, where(LN)}
    end;
register_name({global, Name} = GN) ->
    case global:register_name(Name, self()) of
        yes -> true;
        no -> {false, where(GN)}
    end;
register_name({via, Module, Name} = VN) ->
    case Module:register_name(Name, self()) of
        yes -> true;
        no -> {false, where(VN)}
    end.

name({local, Name}) -> Name;
name({global, Name}) -> Name;
name({via, _, Name}) -> Name;
name(Pid) when is_pid(Pid) -> Pid.

unregister_name({local, Name}) ->
    try unregister(Name) of _ -> ok catch _:_ -> ok end;
unregister_name({global, Name}) ->
    _ = global:unregister_name(Name),
    ok;
unregister_name({via, Mod, Name}) ->
    _ = Mod:unregister_name(Name),
    ok;
unregister_name(Pid) when is_pid(Pid) ->
    ok.

where({local, Name}) -> whereis(Name);
where({global, Name}) -> global:whereis_name(Name);
where({via, Module, Name}) -> Module:whereis_name(Name).

timeout(Options) ->
    case lists:keyfind(timeout, 1, Options) of
        {_, Time} -> Time;
        false -> infinity
    end.

spawn_opts(Options) ->
    case lists:keyfind(spawn_opt, 1, Options) of
        {_, Opts} -> Opts;
        false -> []
    end.

hibernate_after(Options) ->
    case lists:keyfind(hibernate_after, 1, Options) of
        {_, T} -> T;
        false -> infinity
    end.

debug_options(_Name, Options) ->
    case lists:keyfind(debug, 1, Options) of
        {_, Opts} -> sys:debug_options(Opts);
        false -> []
    end.

%% --- call -----------------------------------------------------------------

call(Process, Label, Request) ->
    call(Process, Label, Request, 5000).

%% {ok, Reply}, or exit(Reason) (noproc, timeout, the server's exit reason,
%% calling_self); the behaviours wrap Reason with their own {M, F, Args}.
call(Process, Label, Request, Timeout) when is_pid(Process), Timeout =:= infinity;
                                            is_pid(Process), is_integer(Timeout), Timeout >= 0 ->
    do_call(Process, Label, Request, Timeout);
call(Process, Label, Request, Timeout) when Timeout =:= infinity;
                                            is_integer(Timeout), Timeout >= 0 ->
    do_call(resolve(Process), Label, Request, Timeout).

do_call(Process, _Label, _Request, _Timeout) when Process =:= self() ->
    exit(calling_self);
do_call(Process, Label, Request, Timeout) ->
    Mref = erlang:monitor(process, Process),
    Process ! {Label, {self(), Mref}, Request},
    receive
        {Mref, Reply} ->
            erlang:demonitor(Mref, [flush]),
            {ok, Reply};
        {'DOWN', Mref, _, _, noconnection} ->
            exit({nodedown, node()});
        {'DOWN', Mref, _, _, Reason} ->
            exit(Reason)
    after Timeout ->
            erlang:demonitor(Mref, [flush]),
            exit(timeout)
    end.

%% A server reference to a pid, or exit(noproc).
resolve(Pid) when is_pid(Pid) -> Pid;
resolve(Name) when is_atom(Name) ->
    case whereis(Name) of
        undefined -> exit(noproc);
        Pid -> Pid
    end;
resolve({global, _} = G) ->
    resolve_where(G);
resolve({via, _, _} = V) ->
    resolve_where(V);
resolve({Name, Node}) when is_atom(Name), Node =:= node() ->
    resolve(Name);
resolve({Name, Node}) when is_atom(Name), is_atom(Node) ->
    exit({nodedown, Node});
resolve(_) ->
    exit(noproc).

resolve_where(Name) ->
    case where(Name) of
        Pid when is_pid(Pid) -> Pid;
        _ -> exit(noproc)
    end.

reply({To, Tag}, Reply) ->
    To ! {Tag, Reply},
    ok.

%% --- asynchronous requests (gen_server:send_request & co) -----------------

send_request(Process, Label, Request) ->
    try resolve(Process) of
        Pid ->
            Mref = erlang:monitor(process, Pid),
            Pid ! {Label, {self(), Mref}, Request},
            Mref
    catch
        exit:Reason ->
            %% As OTP: the request id of a dead server answers with a 'DOWN'.
            Mref = make_ref(),
            self() ! {'DOWN', Mref, process, Process, Reason},
            Mref
    end.

wait_response(Mref, Timeout) ->
    receive
        {Mref, Reply} ->
            erlang:demonitor(Mref, [flush]),
            {reply, Reply};
        {'DOWN', Mref, _, Object, Reason} ->
            {error, {Reason, Object}}
    after Timeout ->
            timeout
    end.

receive_response(Mref, Timeout) ->
    receive
        {Mref, Reply} ->
            erlang:demonitor(Mref, [flush]),
            {reply, Reply};
        {'DOWN', Mref, _, Object, Reason} ->
            {error, {Reason, Object}}
    after Timeout ->
            erlang:demonitor(Mref, [flush]),
            receive {Mref, Reply} -> {reply, Reply} after 0 -> timeout end
    end.

check_response({Mref, Reply}, Mref) when is_reference(Mref) ->
    erlang:demonitor(Mref, [flush]),
    {reply, Reply};
check_response({'DOWN', Mref, _, Object, Reason}, Mref) when is_reference(Mref) ->
    {error, {Reason, Object}};
check_response(_, _) ->
    no_reply.

%% --- stop -----------------------------------------------------------------

stop(Process) -> stop(Process, normal, infinity).

stop(Process, Reason, Timeout) when Timeout =:= infinity;
                                    is_integer(Timeout), Timeout >= 0 ->
    proc_lib:stop(resolve(Process), Reason, Timeout).

%% --- helpers for the behaviours -------------------------------------------

get_parent() ->
    case get('$ancestors') of
        [Parent | _] when is_pid(Parent) -> Parent;
        [Parent | _] when is_atom(Parent) ->
            case whereis(Parent) of
                undefined -> exit(could_not_find_registered_name);
                Pid -> Pid
            end;
        _ -> exit(process_was_not_started_by_proc_lib)
    end.

format_status_header(TagLine, Pid) when is_pid(Pid) ->
    lists:concat([TagLine, " ", pid_to_list(Pid)]);
format_status_header(TagLine, RegName) when is_atom(RegName) ->
    lists:concat([TagLine, " ", RegName]);
format_status_header(TagLine, Name) ->
    {TagLine, Name}.

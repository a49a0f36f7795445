%% supervisor: the supervisor behaviour (OTP 25's API), a gen_server whose
%% callback module is this one.
%%
%% The state keeps the static children as #child records, newest first
%% (which_children lists them so, as OTP does); a simple_one_for_one
%% supervisor keeps its one template in `children' and its running children
%% in `dynamics', a map from pid (or {restarting, OldPid}) to start args.
%% Children are started in spec order and stopped in the reverse order. A
%% child that exits is restarted according to its restart type and the
%% strategy; every restart is counted, and more than `intensity' restarts
%% within `period' seconds make the supervisor stop its children and exit
%% with reason shutdown. A child that fails to restart is retried through a
%% cast to the supervisor itself (so the retries also count).
%%
%% Reports (child_terminated, start_error, shutdown_error, shutdown) go to
%% stderr in OTP's "SUPERVISOR REPORT" layout. Progress reports are not
%% printed (OTP's default level drops them too). Not done: auto_shutdown
%% and significant children (accepted and checked, no effect), hibernation.
-module(supervisor).
-behaviour(gen_server).
-export([start_link/2, start_link/3, start_child/2, restart_child/2, delete_child/2,
         terminate_child/2, which_children/1, count_children/1, check_childspecs/1,
         check_childspecs/2, get_childspec/2]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, code_change/3]).

-record(child, {pid = undefined,   % pid | undefined | {restarting, OldPid}
                id,
                mfargs,            % {M, F, A}; A undefined for a temporary child added by start_child
                restart_type,
                significant = false,
                shutdown,
                child_type,
                modules = []}).

-record(state, {name,
                strategy,
                children = [],     % #child records, newest first
                dynamics = #{},    % simple_one_for_one: Pid => Args
                intensity,
                period,
                restarts = [],
                auto_shutdown = never,
                module,
                args}).

%% --- API ------------------------------------------------------------------

start_link(Mod, Args) ->
    gen_server:start_link(?MODULE, {self, Mod, Args}, []).

start_link(SupName, Mod, Args) ->
    gen_server:start_link(SupName, ?MODULE, {SupName, Mod, Args}, []).

start_child(Sup, ChildSpec) -> call(Sup, {start_child, ChildSpec}).
restart_child(Sup, Id) -> call(Sup, {restart_child, Id}).
delete_child(Sup, Id) -> call(Sup, {delete_child, Id}).
terminate_child(Sup, IdOrPid) -> call(Sup, {terminate_child, IdOrPid}).
which_children(Sup) -> call(Sup, which_children).
count_children(Sup) -> call(Sup, count_children).
get_childspec(Sup, IdOrPid) -> call(Sup, {get_childspec, IdOrPid}).

call(Sup, Req) -> gen_server:call(Sup, Req, infinity).

check_childspecs(Specs) -> check_childspecs(Specs, undefined).
check_childspecs(Specs, _AutoShutdown) when is_list(Specs) ->
    case check_specs(Specs) of
        {ok, _} -> ok;
        Error -> Error
    end;
check_childspecs(X, _AutoShutdown) ->
    {error, {badarg, X}}.

%% --- init -----------------------------------------------------------------

init({SupName, Mod, Args}) ->
    process_flag(trap_exit, true),
    Name = case SupName of
               self -> {self(), Mod};
               _ -> SupName
           end,
    case Mod:init(Args) of
        {ok, {Flags, Specs}} when is_list(Specs) ->
            case sup_flags(Flags) of
                {ok, Strategy, Intensity, Period, AutoShutdown} ->
                    State = #state{name = Name, strategy = Strategy, intensity = Intensity,
                                   period = Period, auto_shutdown = AutoShutdown,
                                   module = Mod, args = Args},
                    init_children(Strategy, Specs, State);
                {error, Reason} ->
                    {stop, {supervisor_data, Reason}}
            end;
        ignore ->
            ignore;
        Other ->
            {stop, {bad_return, {Mod, init, Other}}}
    end.

init_children(simple_one_for_one, Specs, State) ->
    case check_specs(Specs) of
        {ok, [Child]} -> {ok, State#state{children = [Child]}};
        {ok, _} -> {stop, {bad_start_spec, Specs}};
        {error, Reason} -> {stop, {start_spec, Reason}}
    end;
init_children(_, Specs, State) ->
    case check_specs(Specs) of
        {ok, Children} ->
            case start_children(Children, [], State#state.name) of
                {ok, Started} ->
                    {ok, State#state{children = Started}};
                {error, Started, Failure} ->
                    terminate_children(Started, State#state.name),
                    {stop, {shutdown, Failure}}
            end;
        {error, Reason} ->
            {stop, {start_spec, Reason}}
    end.

%% Start Children (in spec order) onto Acc (newest first).
start_children([], Acc, _Name) ->
    {ok, Acc};
start_children([Child | Rest], Acc, Name) ->
    case do_start_child(Child) of
        {ok, undefined} when Child#child.restart_type =:= temporary ->
            start_children(Rest, Acc, Name);
        {ok, Pid} ->
            start_children(Rest, [Child#child{pid = Pid} | Acc], Name);
        {ok, Pid, _Extra} ->
            start_children(Rest, [Child#child{pid = Pid} | Acc], Name);
        {error, Reason} ->
            report(start_error, Reason, Child, Name),
            {error, Acc, {failed_to_start_child, Child#child.id, Reason}}
    end.

do_start_child(#child{mfargs = {M, F, A}}) ->
    do_start(M, F, A).

do_start(M, F, A) ->
    case catch apply(M, F, A) of
        {ok, Pid} when is_pid(Pid) -> {ok, Pid};
        {ok, Pid, Extra} when is_pid(Pid) -> {ok, Pid, Extra};
        ignore -> {ok, undefined};
        {error, Reason} -> {error, Reason};
        What -> {error, What}
    end.

%% --- calls ----------------------------------------------------------------

handle_call({start_child, Extra}, _From, #state{strategy = simple_one_for_one} = State) ->
    [#child{mfargs = {M, F, A}} = Child] = State#state.children,
    Args = A ++ Extra,
    case do_start(M, F, Args) of
        {ok, undefined} ->
            {reply, {ok, undefined}, State};
        {ok, Pid} ->
            {reply, {ok, Pid}, add_dynamic(Pid, Args, Child, State)};
        {ok, Pid, Info} ->
            {reply, {ok, Pid, Info}, add_dynamic(Pid, Args, Child, State)};
        Error ->
            {reply, Error, State}
    end;
handle_call({start_child, Spec}, _From, State) ->
    case check_spec(Spec) of
        {ok, Child} ->
            case find_id(Child#child.id, State) of
                #child{pid = Pid} when is_pid(Pid) ->
                    {reply, {error, {already_started, Pid}}, State};
                #child{} ->
                    {reply, {error, already_present}, State};
                false ->
                    start_new_child(Child, State)
            end;
        {error, Reason} ->
            {reply, {error, Reason}, State}
    end;

handle_call({restart_child, _}, _From, #state{strategy = simple_one_for_one} = State) ->
    {reply, {error, simple_one_for_one}, State};
handle_call({restart_child, Id}, _From, State) ->
    case find_id(Id, State) of
        #child{pid = undefined} = Child ->
            case do_start_child(Child) of
                {ok, Pid} ->
                    {reply, {ok, Pid}, replace_child(Child#child{pid = Pid}, State)};
                {ok, Pid, Info} ->
                    {reply, {ok, Pid, Info}, replace_child(Child#child{pid = Pid}, State)};
                Error ->
                    {reply, Error, State}
            end;
        #child{pid = {restarting, _}} ->
            {reply, {error, restarting}, State};
        #child{} ->
            {reply, {error, running}, State};
        false ->
            {reply, {error, not_found}, State}
    end;

handle_call({delete_child, _}, _From, #state{strategy = simple_one_for_one} = State) ->
    {reply, {error, simple_one_for_one}, State};
handle_call({delete_child, Id}, _From, State) ->
    case find_id(Id, State) of
        #child{pid = undefined} ->
            {reply, ok, remove_child(Id, State)};
        #child{pid = {restarting, _}} ->
            {reply, {error, restarting}, State};
        #child{} ->
            {reply, {error, running}, State};
        false ->
            {reply, {error, not_found}, State}
    end;

handle_call({terminate_child, Pid}, _From, #state{strategy = simple_one_for_one} = State)
  when is_pid(Pid) ->
    case State#state.dynamics of
        #{Pid := _} ->
            [Child] = State#state.children,
            stop_child(Child#child{pid = Pid}, State#state.name),
            {reply, ok, State#state{dynamics = maps:remove(Pid, State#state.dynamics)}};
        _ ->
            {reply, ok, State}
    end;
handle_call({terminate_child, _}, _From, #state{strategy = simple_one_for_one} = State) ->
    {reply, {error, simple_one_for_one}, State};
handle_call({terminate_child, Id}, _From, State) ->
    %% Only a simple_one_for_one supervisor takes a pid here; for the others
    %% a pid is just an id no child has.
    case find_id(Id, State) of
        false ->
            {reply, {error, not_found}, State};
        #child{restart_type = temporary} = Child ->
            stop_child(Child, State#state.name),
            {reply, ok, remove_child(Child#child.id, State)};
        Child ->
            stop_child(Child, State#state.name),
            {reply, ok, replace_child(Child#child{pid = undefined}, State)}
    end;

handle_call(which_children, _From, #state{strategy = simple_one_for_one} = State) ->
    [#child{child_type = Type, modules = Mods}] = State#state.children,
    Reply = [{undefined, dyn_pid(Key), Type, Mods} || Key <- maps:keys(State#state.dynamics)],
    {reply, Reply, State};
handle_call(which_children, _From, State) ->
    Reply = [{Id, child_pid(Pid), Type, Mods}
             || #child{id = Id, pid = Pid, child_type = Type, modules = Mods} <- State#state.children],
    {reply, Reply, State};

handle_call(count_children, _From, #state{strategy = simple_one_for_one} = State) ->
    [#child{child_type = Type}] = State#state.children,
    N = maps:size(State#state.dynamics),
    Active = length([K || K <- maps:keys(State#state.dynamics), is_pid(K)]),
    {Sups, Workers} = case Type of
                          supervisor -> {N, 0};
                          worker -> {0, N}
                      end,
    {reply, [{specs, 1}, {active, Active}, {supervisors, Sups}, {workers, Workers}], State};
handle_call(count_children, _From, State) ->
    Children = State#state.children,
    Active = length([C || #child{pid = P} = C <- Children, is_pid(P)]),
    Sups = length([C || #child{child_type = supervisor} = C <- Children]),
    {reply, [{specs, length(Children)}, {active, Active}, {supervisors, Sups},
             {workers, length(Children) - Sups}], State};

handle_call({get_childspec, Key}, _From, #state{strategy = simple_one_for_one} = State) ->
    [Child] = State#state.children,
    Reply = case is_pid(Key) andalso maps:is_key(Key, State#state.dynamics) of
                true -> {ok, child_to_spec(Child)};
                false when Key =:= Child#child.id -> {ok, child_to_spec(Child)};
                false -> {error, not_found}
            end,
    {reply, Reply, State};
handle_call({get_childspec, Id}, _From, State) ->
    case find_id(Id, State) of
        false -> {reply, {error, not_found}, State};
        Child -> {reply, {ok, child_to_spec(Child)}, State}
    end.

%% As OTP, a temporary child added here keeps no start args (it is never
%% restarted); get_childspec and reports show them as undefined.
start_new_child(Child0, State) ->
    Child = case Child0#child.restart_type of
                temporary -> Child0#child{mfargs = setelement(3, Child0#child.mfargs, undefined)};
                _ -> Child0
            end,
    case do_start_child(Child0) of
        {ok, undefined} when Child#child.restart_type =:= temporary ->
            {reply, {ok, undefined}, State};
        {ok, Pid} ->
            {reply, {ok, Pid}, add_child(Child#child{pid = Pid}, State)};
        {ok, Pid, Info} ->
            {reply, {ok, Pid, Info}, add_child(Child#child{pid = Pid}, State)};
        {error, Reason} ->
            {reply, {error, {Reason, Child}}, State}
    end.

child_pid({restarting, _}) -> restarting;
child_pid(Pid) -> Pid.

dyn_pid({restarting, _}) -> restarting;
dyn_pid(Pid) -> Pid.

%% --- child exits and restarts ---------------------------------------------

handle_cast({try_again_restart, Key}, State) ->
    case find_restarting(Key, State) of
        false ->
            {noreply, State};
        Child ->
            case restart(Child, State) of
                {ok, NState} -> {noreply, NState};
                {shutdown, NState} -> {stop, shutdown, NState}
            end
    end;
handle_cast(_, State) ->
    {noreply, State}.

handle_info({'EXIT', Pid, Reason}, State) ->
    case find_exited(Pid, State) of
        false ->
            {noreply, State};
        Child ->
            case child_exited(Child, Reason, State) of
                {ok, NState} -> {noreply, NState};
                {shutdown, NState} -> {stop, shutdown, NState}
            end
    end;
handle_info(Msg, State) ->
    error_logger:error_msg("Supervisor received unexpected message: ~tp~n", [Msg]),
    {noreply, State}.

child_exited(#child{restart_type = permanent} = Child, Reason, State) ->
    report(child_terminated, Reason, Child, State#state.name),
    restart(Child, State);
child_exited(Child, Reason, State) when Reason =:= normal; Reason =:= shutdown;
                                       tuple_size(Reason) =:= 2, element(1, Reason) =:= shutdown ->
    {ok, forget_child(Child, State)};
child_exited(#child{restart_type = transient} = Child, Reason, State) ->
    report(child_terminated, Reason, Child, State#state.name),
    restart(Child, State);
child_exited(#child{restart_type = temporary} = Child, Reason, State) ->
    report(child_terminated, Reason, Child, State#state.name),
    {ok, forget_child(Child, State)}.

%% A child that has stopped for good: a temporary one (and every dynamic
%% one) is dropped, a static one stays with no pid.
forget_child(Child, #state{strategy = simple_one_for_one} = State) ->
    State#state{dynamics = maps:remove(Child#child.pid, State#state.dynamics)};
forget_child(#child{restart_type = temporary, id = Id}, State) ->
    remove_child(Id, State);
forget_child(Child, State) ->
    replace_child(Child#child{pid = undefined}, State).

%% Count the restart, then restart by strategy: {ok, State} or
%% {shutdown, State} when the intensity is exceeded.
restart(Child, State) ->
    case add_restart(State) of
        {ok, NState} ->
            case restart(NState#state.strategy, Child, NState) of
                {ok, NState2} ->
                    {ok, NState2};
                {try_again, Key, NState2} ->
                    gen_server:cast(self(), {try_again_restart, Key}),
                    {ok, NState2}
            end;
        {terminate, NState} ->
            report(shutdown, reached_max_restart_intensity, Child, State#state.name),
            {shutdown, forget_child(Child, NState)}
    end.

restart(simple_one_for_one, #child{pid = OldKey} = Child, State) ->
    Dyn = State#state.dynamics,
    Args = maps:get(OldKey, Dyn),
    Dyn1 = maps:remove(OldKey, Dyn),
    {M, F, _} = Child#child.mfargs,
    case do_start(M, F, Args) of
        {ok, Pid} when is_pid(Pid) ->
            {ok, State#state{dynamics = Dyn1#{Pid => Args}}};
        {ok, Pid, _} ->
            {ok, State#state{dynamics = Dyn1#{Pid => Args}}};
        {ok, undefined} ->
            {ok, State#state{dynamics = Dyn1}};
        {error, Reason} ->
            report(start_error, Reason, Child, State#state.name),
            Key = {restarting, old_pid(OldKey)},
            {try_again, Key, State#state{dynamics = Dyn1#{Key => Args}}}
    end;
restart(one_for_one, Child, State) ->
    case do_start_child(Child) of
        {ok, Pid} when is_pid(Pid) ->
            {ok, replace_child(Child#child{pid = Pid}, State)};
        {ok, Pid, _} ->
            {ok, replace_child(Child#child{pid = Pid}, State)};
        {ok, undefined} ->
            {ok, replace_child(Child#child{pid = undefined}, State)};
        {error, Reason} ->
            report(start_error, Reason, Child, State#state.name),
            Restarting = Child#child{pid = {restarting, old_pid(Child#child.pid)}},
            {try_again, Child#child.id, replace_child(Restarting, State)}
    end;
restart(one_for_all, Child, State) ->
    Others = [C || C <- State#state.children, C#child.id =/= Child#child.id],
    terminate_children(Others, State#state.name),
    restart_group(lists:reverse(State#state.children), State);
restart(rest_for_one, Child, State) ->
    {After, _} = lists:splitwith(fun(C) -> C#child.id =/= Child#child.id end, State#state.children),
    terminate_children(After, State#state.name),
    restart_group([Child | lists:reverse(After)], State).

%% Start Children (in start order) again, as they are in State.
restart_group([], State) ->
    {ok, State};
restart_group([Child | Rest], State) ->
    case do_start_child(Child) of
        {ok, Pid} when is_pid(Pid) ->
            restart_group(Rest, replace_child(Child#child{pid = Pid}, State));
        {ok, Pid, _} ->
            restart_group(Rest, replace_child(Child#child{pid = Pid}, State));
        {ok, undefined} ->
            restart_group(Rest, forget_child(Child, State));
        {error, Reason} ->
            report(start_error, Reason, Child, State#state.name),
            Restarting = Child#child{pid = {restarting, old_pid(Child#child.pid)}},
            NState = lists:foldl(fun(C, S) -> forget_child(C, S) end,
                                 replace_child(Restarting, State), Rest),
            {try_again, Child#child.id, NState}
    end.

old_pid({restarting, Pid}) -> Pid;
old_pid(Pid) -> Pid.

add_restart(#state{intensity = I, period = P, restarts = R} = State) ->
    Now = erlang:monotonic_time(second),
    R1 = [Now | lists:takewhile(fun(T) -> T >= Now - P end, R)],
    NState = State#state{restarts = R1},
    case length(R1) =< I of
        true -> {ok, NState};
        false -> {terminate, NState}
    end.

%% --- terminate ------------------------------------------------------------

terminate(_Reason, #state{strategy = simple_one_for_one} = State) ->
    [Child] = State#state.children,
    stop_dynamics(Child, maps:keys(State#state.dynamics), State#state.name);
terminate(_Reason, State) ->
    terminate_children(State#state.children, State#state.name).

code_change(_, State, _) ->
    Mod = State#state.module,
    case Mod:init(State#state.args) of
        {ok, {Flags, Specs}} ->
            case {sup_flags(Flags), check_specs(Specs)} of
                {{ok, Strategy, I, P, A}, {ok, _}} ->
                    {ok, State#state{strategy = Strategy, intensity = I, period = P, auto_shutdown = A}};
                {{error, R}, _} -> {error, R};
                {_, Error} -> Error
            end;
        ignore ->
            {ok, State};
        Error ->
            Error
    end.

%% Children newest first: stop them in that order.
terminate_children(Children, Name) ->
    lists:foreach(fun(C) -> stop_child(C, Name) end, Children).

stop_child(#child{pid = Pid} = Child, Name) when is_pid(Pid) ->
    case shutdown(Pid, Child#child.shutdown) of
        ok -> ok;
        {error, normal} when Child#child.restart_type =/= permanent -> ok;
        {error, Reason} -> report(shutdown_error, Reason, Child, Name)
    end;
stop_child(_Child, _Name) ->
    ok.

%% All dynamic children at once: each gets the exit signal, then each is
%% waited for (brutal_kill or the shutdown time, counted from the start).
stop_dynamics(Child, Keys, Name) ->
    Pids = [P || P <- Keys, is_pid(P)],
    Monitored = [P || P <- Pids, monitor_child(P) =:= ok],
    Signal = case Child#child.shutdown of
                 brutal_kill -> kill;
                 _ -> shutdown
             end,
    [exit(P, Signal) || P <- Monitored],
    Deadline = case Child#child.shutdown of
                   T when is_integer(T) -> erlang:monotonic_time(millisecond) + T;
                   _ -> infinity
               end,
    lists:foreach(fun(P) ->
                          case wait_down(P, Signal, Deadline) of
                              ok -> ok;
                              {error, normal} when Child#child.restart_type =/= permanent -> ok;
                              {error, Reason} -> report(shutdown_error, Reason, Child#child{pid = P}, Name)
                          end
                  end, Monitored),
    ok.

wait_down(Pid, Signal, Deadline) ->
    Expected = case Signal of kill -> killed; _ -> shutdown end,
    Left = case Deadline of
               infinity -> infinity;
               _ -> max(0, Deadline - erlang:monotonic_time(millisecond))
           end,
    receive
        {'DOWN', _, process, Pid, Expected} -> ok;
        {'DOWN', _, process, Pid, Other} -> {error, Other}
    after Left ->
            exit(Pid, kill),
            receive {'DOWN', _, process, Pid, Other} -> {error, Other} end
    end.

shutdown(Pid, brutal_kill) ->
    case monitor_child(Pid) of
        ok ->
            exit(Pid, kill),
            receive
                {'DOWN', _, process, Pid, killed} -> ok;
                {'DOWN', _, process, Pid, Other} -> {error, Other}
            end;
        Error ->
            Error
    end;
shutdown(Pid, Time) ->
    case monitor_child(Pid) of
        ok ->
            exit(Pid, shutdown),
            receive
                {'DOWN', _, process, Pid, shutdown} -> ok;
                {'DOWN', _, process, Pid, Other} -> {error, Other}
            after Time ->
                    exit(Pid, kill),
                    receive {'DOWN', _, process, Pid, Other} -> {error, Other} end
            end;
        Error ->
            Error
    end.

%% Watch the child with a monitor instead of the link, so an exit that
%% was already on its way is seen (and reported) rather than lost.
monitor_child(Pid) ->
    erlang:monitor(process, Pid),
    unlink(Pid),
    receive
        {'EXIT', Pid, Reason} ->
            receive {'DOWN', _, process, Pid, _} -> {error, Reason} end
    after 0 ->
            ok
    end.

%% --- the children list ----------------------------------------------------

find_id(Id, State) ->
    lists:keyfind(Id, #child.id, State#state.children).

find_pid(Pid, State) ->
    lists:keyfind(Pid, #child.pid, State#state.children).

find_exited(Pid, #state{strategy = simple_one_for_one} = State) ->
    case State#state.dynamics of
        #{Pid := _} ->
            [Child] = State#state.children,
            Child#child{pid = Pid};
        _ ->
            false
    end;
find_exited(Pid, State) ->
    find_pid(Pid, State).

find_restarting(Key, #state{strategy = simple_one_for_one} = State) ->
    find_exited(Key, State);
find_restarting(Id, State) ->
    case find_id(Id, State) of
        #child{pid = {restarting, _}} = Child -> Child;
        _ -> false
    end.

add_child(Child, State) ->
    State#state{children = [Child | State#state.children]}.

add_dynamic(Pid, Args, Child, State) ->
    Stored = case Child#child.restart_type of
                 temporary -> undefined;
                 _ -> Args
             end,
    State#state{dynamics = (State#state.dynamics)#{Pid => Stored}}.

replace_child(Child, State) ->
    State#state{children = lists:keyreplace(Child#child.id, #child.id, State#state.children, Child)}.

remove_child(Id, State) ->
    State#state{children = lists:keydelete(Id, #child.id, State#state.children)}.

%% --- specs and flags ------------------------------------------------------

sup_flags(Flags) when is_map(Flags) ->
    check_flags(maps:get(strategy, Flags, one_for_one), maps:get(intensity, Flags, 1),
                maps:get(period, Flags, 5), maps:get(auto_shutdown, Flags, never));
sup_flags({Strategy, Intensity, Period}) ->
    check_flags(Strategy, Intensity, Period, never);
sup_flags(Other) ->
    {error, {invalid_type, Other}}.

check_flags(Strategy, Intensity, Period, AutoShutdown) ->
    if
        Strategy =/= one_for_one, Strategy =/= one_for_all, Strategy =/= rest_for_one,
        Strategy =/= simple_one_for_one ->
            {error, {invalid_strategy, Strategy}};
        not is_integer(Intensity); Intensity < 0 ->
            {error, {invalid_intensity, Intensity}};
        not is_integer(Period); Period < 1 ->
            {error, {invalid_period, Period}};
        AutoShutdown =/= never, AutoShutdown =/= any_significant, AutoShutdown =/= all_significant ->
            {error, {invalid_auto_shutdown, AutoShutdown}};
        true ->
            {ok, Strategy, Intensity, Period, AutoShutdown}
    end.

%% {ok, Children} in spec order, or {error, Reason}.
check_specs(Specs) ->
    check_specs(Specs, []).

check_specs([], Acc) ->
    {ok, lists:reverse(Acc)};
check_specs([Spec | Rest], Acc) ->
    case check_spec(Spec) of
        {ok, Child} ->
            case lists:keymember(Child#child.id, #child.id, Acc) of
                true -> {error, {duplicate_child_name, Child#child.id}};
                false -> check_specs(Rest, [Child | Acc])
            end;
        Error ->
            Error
    end.

check_spec({Id, Start, Restart, Shutdown, Type, Modules}) ->
    check_spec(#{id => Id, start => Start, restart => Restart, shutdown => Shutdown,
                 type => Type, modules => Modules});
check_spec(#{} = Spec) ->
    case {maps:find(id, Spec), maps:find(start, Spec)} of
        {error, _} ->
            {error, missing_id};
        {_, error} ->
            {error, missing_start};
        {{ok, Id}, {ok, Start}} ->
            Type = maps:get(type, Spec, worker),
            Restart = maps:get(restart, Spec, permanent),
            Shutdown = maps:get(shutdown, Spec, case Type of worker -> 5000; _ -> infinity end),
            Significant = maps:get(significant, Spec, false),
            Modules = maps:get(modules, Spec, case Start of
                                                  {M, _, _} -> [M];
                                                  _ -> []
                                              end),
            if
                not is_tuple(Start); tuple_size(Start) =/= 3 ->
                    {error, {invalid_mfa, Start}};
                not is_atom(element(1, Start)); not is_atom(element(2, Start));
                not is_list(element(3, Start)) ->
                    {error, {invalid_mfa, Start}};
                Restart =/= permanent, Restart =/= transient, Restart =/= temporary ->
                    {error, {invalid_restart_type, Restart}};
                Type =/= worker, Type =/= supervisor ->
                    {error, {invalid_child_type, Type}};
                Shutdown =/= brutal_kill, Shutdown =/= infinity, not is_integer(Shutdown);
                is_integer(Shutdown), Shutdown < 0 ->
                    {error, {invalid_shutdown, Shutdown}};
                Significant =/= true, Significant =/= false ->
                    {error, {invalid_significant, Significant}};
                true ->
                    case check_modules(Modules) of
                        ok ->
                            {ok, #child{id = Id, mfargs = Start, restart_type = Restart,
                                        significant = Significant, shutdown = Shutdown,
                                        child_type = Type, modules = Modules}};
                        Error ->
                            Error
                    end
            end
    end;
check_spec(Other) ->
    {error, {invalid_child_spec, Other}}.

check_modules(dynamic) -> ok;
check_modules(Mods) when is_list(Mods) ->
    case [M || M <- Mods, not is_atom(M)] of
        [] -> ok;
        [Bad | _] -> {error, {invalid_module, Bad}}
    end;
check_modules(Other) ->
    {error, {invalid_modules, Other}}.

child_to_spec(#child{id = Id, mfargs = MFA, restart_type = Restart, significant = Sig,
                     shutdown = Shutdown, child_type = Type, modules = Mods}) ->
    #{id => Id, start => MFA, restart => Restart, significant => Sig,
      shutdown => Shutdown, type => Type, modules => Mods}.

%% --- reports --------------------------------------------------------------

report(Context, Reason, Child, SupName) ->
    error_logger:girder_report(
      "SUPERVISOR REPORT",
      io_lib:format("    supervisor: ~tp~n    errorContext: ~tp~n    reason: ~tp~n    offender: ~tp~n",
                    [SupName, Context, Reason, offender(Child)]),
      {error_report, group_leader(),
       {self(), supervisor_report, [{supervisor, SupName}, {errorContext, Context},
                                    {reason, Reason}, {offender, offender(Child)}]}}).

offender(#child{pid = Pid, id = Id, mfargs = MFA, restart_type = Restart, significant = Sig,
                shutdown = Shutdown, child_type = Type}) ->
    [{pid, child_pid(Pid)}, {id, Id}, {mfargs, MFA}, {restart_type, Restart},
     {significant, Sig}, {shutdown, Shutdown}, {child_type, Type}].

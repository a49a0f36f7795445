%% gen_event: event managers with installed handlers (OTP 25's API).
%%
%% A manager is a gen_server whose callback module is this one (so names,
%% sys, stop and the error reports come from gen_server); its state is the
%% list of installed handlers, newest first, which is the order events are
%% dealt to them. A handler is Module or {Module, Id}. Events arrive as plain
%% {notify, Event} messages (notify/2) or as calls (sync_notify/2), the other
%% requests as calls. A handler that crashes or returns something bad is
%% removed (terminate/2 gets {error, ...}), with an error report on stderr;
%% a supervised handler's owner then gets {gen_event_EXIT, Handler, Reason}.
-module(gen_event).
-export([start/0, start/1, start/2, start_link/0, start_link/1, start_link/2,
         start_monitor/0, start_monitor/1, start_monitor/2,
         notify/2, sync_notify/2, call/3, call/4, add_handler/3, add_sup_handler/3,
         delete_handler/3, swap_handler/3, swap_sup_handler/3, which_handlers/1,
         stop/1, stop/3]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, code_change/3]).

-record(handler, {module, id = false, state, supervised = false}).

%% --- starting and stopping ------------------------------------------------

start() -> gen_server:start(?MODULE, [], []).
start(Name) when is_tuple(Name) -> gen_server:start(Name, ?MODULE, [], []);
start(Options) when is_list(Options) -> gen_server:start(?MODULE, [], Options).
start(Name, Options) -> gen_server:start(Name, ?MODULE, [], Options).

start_link() -> gen_server:start_link(?MODULE, [], []).
start_link(Name) when is_tuple(Name) -> gen_server:start_link(Name, ?MODULE, [], []);
start_link(Options) when is_list(Options) -> gen_server:start_link(?MODULE, [], Options).
start_link(Name, Options) -> gen_server:start_link(Name, ?MODULE, [], Options).

start_monitor() -> gen_server:start_monitor(?MODULE, [], []).
start_monitor(Name) when is_tuple(Name) -> gen_server:start_monitor(Name, ?MODULE, [], []);
start_monitor(Options) when is_list(Options) -> gen_server:start_monitor(?MODULE, [], Options).
start_monitor(Name, Options) -> gen_server:start_monitor(Name, ?MODULE, [], Options).

stop(M) -> gen:stop(M).
stop(M, Reason, Timeout) -> gen:stop(M, Reason, Timeout).

%% --- client side ----------------------------------------------------------

notify(M, Event) ->
    send(M, {notify, Event}).

send({global, Name}, Msg) -> catch global:send(Name, Msg), ok;
send({via, Mod, Name}, Msg) -> catch Mod:send(Name, Msg), ok;
send(M, Msg) -> erlang:send(M, Msg), ok.

sync_notify(M, Event) -> rpc(M, {sync_notify, Event}).
add_handler(M, Handler, Args) -> rpc(M, {add_handler, Handler, Args, false}).
add_sup_handler(M, Handler, Args) -> rpc(M, {add_handler, Handler, Args, self()}).
delete_handler(M, Handler, Args) -> rpc(M, {delete_handler, Handler, Args}).
swap_handler(M, {H1, A1}, {H2, A2}) -> rpc(M, {swap_handler, H1, A1, H2, A2, false}).
swap_sup_handler(M, {H1, A1}, {H2, A2}) -> rpc(M, {swap_handler, H1, A1, H2, A2, self()}).
which_handlers(M) -> rpc(M, which_handlers).

rpc(M, Cmd) ->
    {ok, Reply} = gen:call(M, '$gen_call', Cmd, infinity),
    Reply.

call(M, Handler, Query) -> call(M, Handler, Query, 5000).
call(M, Handler, Query, Timeout) ->
    case catch gen:call(M, '$gen_call', {call, Handler, Query}, Timeout) of
        {ok, Reply} -> Reply;
        {'EXIT', Reason} -> exit({Reason, {?MODULE, call, [M, Handler, Query]}})
    end.

%% --- the manager ----------------------------------------------------------

init([]) ->
    process_flag(trap_exit, true),
    {ok, []}.

handle_call({sync_notify, Event}, _From, Handlers) ->
    {reply, ok, notify_all(Handlers, handle_event, Event)};
handle_call({add_handler, Handler, Args, Sup}, _From, Handlers) ->
    {Reply, NHandlers} = add(Handler, Args, Sup, Handlers),
    {reply, Reply, NHandlers};
handle_call({delete_handler, Handler, Args}, _From, Handlers) ->
    case take(Handler, Handlers) of
        {H, Rest} -> {reply, remove(H, Args), Rest};
        false -> {reply, {error, module_not_found}, Handlers}
    end;
handle_call({swap_handler, H1, A1, H2, A2, Sup}, _From, Handlers) ->
    {Result, Rest} = case take(H1, Handlers) of
                         {H, Others} -> {remove(H, A1), Others};
                         false -> {error, Handlers}
                     end,
    {Reply, NHandlers} = add(H2, {A2, Result}, Sup, Rest),
    {reply, Reply, NHandlers};
handle_call(which_handlers, _From, Handlers) ->
    {reply, [name(H) || H <- Handlers], Handlers};
handle_call({call, Handler, Query}, _From, Handlers) ->
    case take(Handler, Handlers) of
        false ->
            {reply, {error, bad_module}, Handlers};
        {H, _} ->
            {Reply, NHandlers} = call_handler(H, Query, Handlers),
            {reply, Reply, NHandlers}
    end.

handle_cast(_, Handlers) ->
    {noreply, Handlers}.

handle_info({notify, Event}, Handlers) ->
    {noreply, notify_all(Handlers, handle_event, Event)};
handle_info({'EXIT', Pid, Reason} = Info, Handlers) ->
    %% The owner of supervised handlers died: they go with it.
    case [H || H <- Handlers, H#handler.supervised =:= Pid] of
        [] ->
            {noreply, notify_all(Handlers, handle_info, Info)};
        Owned ->
            [do_terminate(H, {stop, Reason}, stop) || H <- Owned],
            {noreply, [H || H <- Handlers, H#handler.supervised =/= Pid]}
    end;
handle_info(Info, Handlers) ->
    {noreply, notify_all(Handlers, handle_info, Info)}.

terminate(_Reason, Handlers) ->
    [begin
         do_terminate(H, stop, stop),
         report_owner(H, shutdown)
     end || H <- Handlers],
    ok.

code_change(_OldVsn, Handlers, _Extra) ->
    {ok, Handlers}.

%% --- handlers -------------------------------------------------------------

name(#handler{module = M, id = false}) -> M;
name(#handler{module = M, id = Id}) -> {M, Id}.

make({M, Id}) -> #handler{module = M, id = Id};
make(M) -> #handler{module = M}.

%% The first installed handler with this name: {H, Others} or false.
take(Name, Handlers) ->
    take(Name, Handlers, []).

take(_Name, [], _Acc) -> false;
take(Name, [H | Rest], Acc) ->
    case name(H) =:= Name of
        true -> {H, lists:reverse(Acc, Rest)};
        false -> take(Name, Rest, [H | Acc])
    end.

%% As OTP, nothing stops the same handler being installed twice.
add(Handler, Args, Sup, Handlers) ->
    H0 = make(Handler),
    H = case Sup of
            false -> H0;
            Pid -> link(Pid), H0#handler{supervised = Pid}
        end,
    M = H#handler.module,
    try M:init(Args) of
        {ok, State} -> {ok, [H#handler{state = State} | Handlers]};
        {ok, State, hibernate} -> {ok, [H#handler{state = State} | Handlers]};
        Other -> {Other, Handlers}
    catch
        throw:Other -> {Other, Handlers};
        exit:R -> {{'EXIT', R}, Handlers};
        error:R:S -> {{'EXIT', {R, S}}, Handlers}
    end.

remove(H, Args) ->
    Result = do_terminate(H, Args, remove),
    report_owner(H, normal),
    Result.

%% Each handler in turn, newest first.
notify_all(Handlers, Func, Event) ->
    lists:reverse(lists:foldl(fun(H, Acc) ->
                                      case dispatch(H, Func, Event) of
                                          {ok, NH} -> [NH | Acc];
                                          {swap, NH} -> [NH | Acc];
                                          removed -> Acc
                                      end
                              end, [], Handlers)).

dispatch(#handler{module = M, state = S} = H, Func, Event) ->
    try M:Func(Event, S) of
        Result -> event_result(H, Result, Event)
    catch
        throw:Result -> event_result(H, Result, Event);
        error:undef:_ when Func =:= handle_info ->
            case erlang:function_exported(M, handle_info, 2) of
                false -> {ok, H};
                true -> crashed(H, {undef, []}, Event)
            end;
        exit:R -> crashed(H, R, Event);
        error:R:St -> crashed(H, {R, St}, Event)
    end.

event_result(H, {ok, NS}, _Event) -> {ok, H#handler{state = NS}};
event_result(H, {ok, NS, hibernate}, _Event) -> {ok, H#handler{state = NS}};
event_result(H, remove_handler, _Event) ->
    do_terminate(H, remove_handler, remove),
    report_owner(H, normal),
    removed;
event_result(H, {swap_handler, A1, NS, H2, A2}, _Event) ->
    Result = do_terminate(H#handler{state = NS}, A1, swap),
    report_owner(H, {swapped, H2, H#handler.supervised}),
    case add(H2, {A2, Result}, H#handler.supervised, []) of
        {ok, [NH]} -> {swap, NH};
        _ -> removed
    end;
event_result(H, Other, Event) ->
    crashed(H, {bad_return_value, Other}, Event).

call_handler(#handler{module = M, state = S} = H, Query, Handlers) ->
    Others = [X || X <- Handlers, X =/= H],
    try M:handle_call(Query, S) of
        Result -> call_result(H, Result, Query, Handlers, Others)
    catch
        throw:Result -> call_result(H, Result, Query, Handlers, Others);
        exit:R -> crashed(H, R, Query), {{error, {'EXIT', R}}, Others};
        error:R:St -> crashed(H, {R, St}, Query), {{error, {'EXIT', {R, St}}}, Others}
    end.

call_result(H, {ok, Reply, NS}, _Q, Handlers, _Others) ->
    {Reply, replace(H, H#handler{state = NS}, Handlers)};
call_result(H, {ok, Reply, NS, hibernate}, _Q, Handlers, _Others) ->
    {Reply, replace(H, H#handler{state = NS}, Handlers)};
call_result(H, {remove_handler, Reply}, _Q, _Handlers, Others) ->
    do_terminate(H, remove_handler, remove),
    report_owner(H, normal),
    {Reply, Others};
call_result(H, {swap_handler, Reply, A1, NS, H2, A2}, _Q, _Handlers, Others) ->
    Result = do_terminate(H#handler{state = NS}, A1, swap),
    {_, NHandlers} = add(H2, {A2, Result}, H#handler.supervised, Others),
    {Reply, NHandlers};
call_result(H, Other, Query, _Handlers, Others) ->
    crashed(H, {bad_return_value, Other}, Query),
    {{error, {bad_return_value, Other}}, Others}.

replace(Old, New, Handlers) ->
    [case X =:= Old of true -> New; false -> X end || X <- Handlers].

%% A handler failed: report, terminate it with {error, ...}, tell its owner.
crashed(#handler{state = S} = H, Reason, Event) ->
    error_logger:girder_report(
      "ERROR REPORT",
      io_lib:format("** gen_event handler ~tp crashed.~n"
                    "** Was installed in ~tp~n"
                    "** Last event was: ~tp~n"
                    "** When handler state == ~tp~n"
                    "** Reason == ~tp~n", [name(H), manager_name(), Event, S, Reason])),
    do_terminate(H, {error, {'EXIT', Reason}}, crash),
    report_owner(H, {'EXIT', Reason}),
    removed.

manager_name() ->
    case erlang:process_info(self(), registered_name) of
        {registered_name, Name} -> Name;
        _ -> self()
    end.

do_terminate(#handler{module = M, state = S}, Args, _Why) ->
    case erlang:function_exported(M, terminate, 2) of
        true ->
            try M:terminate(Args, S)
            catch
                throw:R -> R;
                exit:R -> {'EXIT', R};
                error:R:St -> {'EXIT', {R, St}}
            end;
        false ->
            ok
    end.

report_owner(#handler{supervised = false}, _Reason) -> ok;
report_owner(#handler{supervised = Pid} = H, Reason) ->
    unlink(Pid),
    Pid ! {gen_event_EXIT, name(H), Reason},
    ok.

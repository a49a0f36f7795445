%% gen_statem: the generic state machine behaviour (OTP 25's API).
%%
%% The machine's loop state is one #st{} record: the callback module and its
%% mode (state_functions calls Mod:State/3, handle_event_function calls
%% Mod:handle_event/4; state_enter adds enter calls), the state and data,
%% the postponed events (newest first), the running timers and the pending
%% event timeout.
%%
%% One external message becomes one event ({{call, From}, Req}, {cast, Req},
%% {info, Msg} or a timeout) and runs through run_events/2 with a queue of
%% events still to handle (next_event actions, postponed events retried
%% after a state change, time-outs of zero). Only when the queue is empty
%% does the loop receive again.
%%
%% After a state callback: its actions are parsed (replies are sent at
%% once), the state enter call runs when the state changed or was repeated,
%% then settle/4 applies the time-outs and builds the next queue.
%%
%% Timers: state_timeout and {timeout, Name} are erlang:start_timer/3 timers
%% whose message is {timeout, Ref, TimeoutType}; a message whose Ref is not
%% the running timer's is a stale one and is taken as an info event. The
%% event timeout (cancelled by any event) is the `after' of the loop's
%% receive, so it needs no timer.
%%
%% System messages go to sys:handle_system_msg/7 and come back through
%% system_continue/3 or system_terminate/4; sys:get_state gives {State, Data}.
-module(gen_statem).
-export([start/3, start/4, start_link/3, start_link/4, start_monitor/3, start_monitor/4,
         stop/1, stop/3, call/2, call/3, cast/2, reply/1, reply/2,
         send_request/2, wait_response/2, receive_response/2, check_response/2,
         enter_loop/4, enter_loop/5, enter_loop/6]).
-export([init_it/6, wake_hib/1]).
-export([system_continue/3, system_terminate/4, system_code_change/4,
         system_get_state/1, system_replace_state/2, format_status/2]).

-record(st, {parent, name, mod, mode = state_functions, enter = false,
             state, data, postponed = [], timers = #{}, etime = none,
             hib_after = infinity, hibernate = false, debug = []}).

%% What the actions of one callback asked for; next and timeouts newest first.
-record(acts, {postpone = false, hibernate = false, next = [], timeouts = []}).

%% --- starting -------------------------------------------------------------

start(Mod, Args, Opts) -> gen:start(?MODULE, nolink, Mod, Args, Opts).
start(Name, Mod, Args, Opts) -> gen:start(?MODULE, nolink, Name, Mod, Args, Opts).
start_link(Mod, Args, Opts) -> gen:start(?MODULE, link, Mod, Args, Opts).
start_link(Name, Mod, Args, Opts) -> gen:start(?MODULE, link, Name, Mod, Args, Opts).
start_monitor(Mod, Args, Opts) -> gen:start(?MODULE, monitor, Mod, Args, Opts).
start_monitor(Name, Mod, Args, Opts) -> gen:start(?MODULE, monitor, Name, Mod, Args, Opts).

stop(Server) -> gen:stop(Server).
stop(Server, Reason, Timeout) -> gen:stop(Server, Reason, Timeout).

%% --- client side ----------------------------------------------------------

call(Server, Request) -> call(Server, Request, infinity).

%% Timeout may also be {dirty_timeout, T} or {clean_timeout, T}: without
%% process aliases both are a plain timeout here.
call(Server, Request, Timeout) ->
    T = case Timeout of
            {dirty_timeout, T0} -> T0;
            {clean_timeout, T0} -> T0;
            _ -> Timeout
        end,
    case catch gen:call(Server, '$gen_call', Request, T) of
        {ok, Reply} -> Reply;
        {'EXIT', Reason} -> exit({Reason, {?MODULE, call, [Server, Request, Timeout]}})
    end.

cast(Server, Msg) -> gen:cast(Server, Msg).

reply({reply, From, Reply}) -> reply(From, Reply);
reply(Replies) when is_list(Replies) -> lists:foreach(fun reply/1, Replies), ok.

reply({To, Tag}, Reply) ->
    To ! {Tag, Reply},
    ok.

send_request(Server, Request) -> gen:send_request(Server, '$gen_call', Request).
wait_response(RequestId, Timeout) -> gen:wait_response(RequestId, Timeout).
receive_response(RequestId, Timeout) -> gen:receive_response(RequestId, Timeout).
check_response(Msg, RequestId) -> gen:check_response(Msg, RequestId).

%% --- enter_loop: make the calling (proc_lib-started) process a machine ---

enter_loop(Mod, Opts, State, Data) ->
    enter_loop(Mod, Opts, State, Data, self(), []).

enter_loop(Mod, Opts, State, Data, Server) when is_pid(Server); is_tuple(Server) ->
    enter_loop(Mod, Opts, State, Data, Server, []);
enter_loop(Mod, Opts, State, Data, Actions) ->
    enter_loop(Mod, Opts, State, Data, self(), Actions).

enter_loop(Mod, Opts, State, Data, Server, Actions) ->
    case Server =:= self() orelse gen:where(Server) =:= self() of
        true -> ok;
        false -> exit(process_not_registered)
    end,
    Parent = gen:get_parent(),
    S = new_st(Parent, gen:name(Server), Mod, Opts),
    start_machine(State, Data, Actions, S).

%% --- the machine ----------------------------------------------------------

init_it(Starter, Parent, Name0, Mod, Args, Opts) ->
    S = new_st(Parent, gen:name(Name0), Mod, Opts),
    case init_it(Mod, Args) of
        {ok, {ok, State, Data}} ->
            proc_lib:init_ack(Starter, {ok, self()}),
            start_machine(State, Data, [], S);
        {ok, {ok, State, Data, Actions}} ->
            proc_lib:init_ack(Starter, {ok, self()}),
            start_machine(State, Data, Actions, S);
        {ok, {stop, Reason}} ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, {error, Reason}),
            exit(Reason);
        {ok, ignore} ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, ignore),
            exit(normal);
        {ok, Else} ->
            gen:unregister_name(Name0),
            Error = {bad_return_from_init, Else},
            proc_lib:init_ack(Starter, {error, Error}),
            exit(Error);
        {'EXIT', Class, Reason, Stack} ->
            gen:unregister_name(Name0),
            %% Unlike gen_server, the error is the bare reason.
            proc_lib:init_ack(Starter, {error, Reason}),
            erlang:raise(Class, Reason, Stack)
    end.

init_it(Mod, Args) ->
    try
        {ok, Mod:init(Args)}
    catch
        throw:R -> {ok, R};
        Class:R:Stack -> {'EXIT', Class, R, Stack}
    end.

new_st(Parent, Name, Mod, Opts) ->
    #st{parent = Parent, name = Name, mod = Mod,
        hib_after = gen:hibernate_after(Opts), debug = gen:debug_options(Name, Opts)}.

%% The first state: as a repeated state, so the enter call sees the initial
%% state as its old state.
start_machine(State, Data, Actions, S0) ->
    case callback_mode(S0#st{state = State, data = Data}) of
        {ok, S} -> transition(State, Data, Actions, true, init, [], S);
        {error, Class, Reason, Stack} ->
            terminate(Class, Reason, Stack, S0#st{state = State, data = Data}, init)
    end.

callback_mode(#st{mod = Mod} = S) ->
    Got = try {ok, Mod:callback_mode()}
          catch
              throw:CM0 -> {ok, CM0};
              Class:R:Stack -> {error, Class, R, Stack}
          end,
    case Got of
        {ok, CM} ->
            case parse_callback_mode(if is_list(CM) -> CM; true -> [CM] end, undefined, false) of
                {ok, Mode, Enter} -> {ok, S#st{mode = Mode, enter = Enter}};
                error -> {error, error, {bad_callback_mode, CM}, []}
            end;
        Error ->
            Error
    end.

parse_callback_mode([], undefined, _) -> error;
parse_callback_mode([], Mode, Enter) -> {ok, Mode, Enter};
parse_callback_mode([state_enter | T], Mode, _) -> parse_callback_mode(T, Mode, true);
parse_callback_mode([M | T], _, Enter) when M =:= state_functions; M =:= handle_event_function ->
    parse_callback_mode(T, M, Enter);
parse_callback_mode(_, _, _) -> error.

loop(#st{hibernate = true, etime = none} = S) ->
    proc_lib:hibernate(?MODULE, wake_hib, [S#st{hibernate = false}]);
loop(#st{etime = none, hib_after = infinity} = S) ->
    receive Msg -> handle_msg(Msg, S) end;
loop(#st{etime = none, hib_after = HibT} = S) ->
    receive Msg -> handle_msg(Msg, S)
    after HibT -> loop(S#st{hibernate = true})
    end;
loop(#st{etime = {Time, Content}} = S) ->
    receive Msg -> handle_msg(Msg, S)
    after Time -> event({timeout, Content}, S#st{etime = none})
    end.

wake_hib(S) ->
    receive Msg -> handle_msg(Msg, S) end.

handle_msg(Msg, #st{parent = Parent, debug = Debug, timers = Timers} = S) ->
    case Msg of
        {system, From, Req} ->
            sys:handle_system_msg(Req, From, Parent, ?MODULE, Debug, S, false);
        {'EXIT', Parent, Reason} ->
            terminate(exit, Reason, [], S, Msg);
        {'$gen_call', From, Req} ->
            event({{call, From}, Req}, S);
        {'$gen_cast', Req} ->
            event({cast, Req}, S);
        {timeout, Ref, Type} ->
            case Timers of
                #{Type := {Ref, Content}} ->
                    event({Type, Content}, S#st{timers = maps:remove(Type, Timers)});
                _ ->
                    event({info, Msg}, S)
            end;
        _ ->
            event({info, Msg}, S)
    end.

%% An external event cancels the event timeout.
event(Event, #st{debug = []} = S) ->
    run_events([Event], S#st{etime = none});
event(Event, #st{debug = Debug, name = Name, state = State} = S) ->
    Debug1 = sys:handle_debug(Debug, fun print_event/3, Name, {in, Event, State}),
    run_events([Event], S#st{etime = none, debug = Debug1}).

run_events([], S) ->
    loop(S);
run_events([{Type, Content} = Event | Rest], S) ->
    case call_state(S, Type, Content) of
        {ok, Result} -> event_result(Result, Event, Rest, S);
        {'EXIT', Class, Reason, Stack} -> terminate(Class, Reason, Stack, S, Event)
    end.

call_state(#st{mode = state_functions, mod = Mod, state = State, data = Data}, Type, Content) ->
    try
        {ok, Mod:State(Type, Content, Data)}
    catch
        throw:R -> {ok, R};
        Class:R:Stack -> {'EXIT', Class, R, Stack}
    end;
call_state(#st{mod = Mod, state = State, data = Data}, Type, Content) ->
    try
        {ok, Mod:handle_event(Type, Content, State, Data)}
    catch
        throw:R -> {ok, R};
        Class:R:Stack -> {'EXIT', Class, R, Stack}
    end.

event_result(Result, Event, Rest, #st{state = State, data = Data} = S) ->
    case Result of
        {next_state, NState, NData} -> transition(NState, NData, [], false, Event, Rest, S);
        {next_state, NState, NData, Actions} -> transition(NState, NData, Actions, false, Event, Rest, S);
        {keep_state, NData} -> transition(State, NData, [], false, Event, Rest, S);
        {keep_state, NData, Actions} -> transition(State, NData, Actions, false, Event, Rest, S);
        keep_state_and_data -> transition(State, Data, [], false, Event, Rest, S);
        {keep_state_and_data, Actions} -> transition(State, Data, Actions, false, Event, Rest, S);
        {repeat_state, NData} -> transition(State, NData, [], true, Event, Rest, S);
        {repeat_state, NData, Actions} -> transition(State, NData, Actions, true, Event, Rest, S);
        repeat_state_and_data -> transition(State, Data, [], true, Event, Rest, S);
        {repeat_state_and_data, Actions} -> transition(State, Data, Actions, true, Event, Rest, S);
        _ -> stop_result(Result, Event, S, bad_return_from_state_function)
    end.

stop_result(Result, Event, S, BadTag) ->
    case Result of
        stop -> terminate(exit, normal, [], S, Event);
        {stop, Reason} -> terminate(exit, Reason, [], S, Event);
        {stop, Reason, NData} -> terminate(exit, Reason, [], S#st{data = NData}, Event);
        {stop_and_reply, Reason, Replies} ->
            send_replies(Replies),
            terminate(exit, Reason, [], S, Event);
        {stop_and_reply, Reason, Replies, NData} ->
            send_replies(Replies),
            terminate(exit, Reason, [], S#st{data = NData}, Event);
        _ ->
            terminate(error, {BadTag, Result}, [], S, Event)
    end.

send_replies(Replies) when is_list(Replies) -> lists:foreach(fun reply/1, Replies);
send_replies(Reply) -> reply(Reply).

%% The actions of an event's callback, then the state enter call when the
%% state changed (or was repeated) and the machine wants enter calls.
transition(NState, NData, Actions, Repeat, Event, Rest, #st{state = State} = S0) ->
    S1 = S0#st{data = NData},
    case parse_actions(listify(Actions), #acts{}, true, S1) of
        {ok, A, S2} ->
            Changed = NState =/= State,
            P = case A#acts.postpone andalso Event =/= init of
                    true -> [Event | S2#st.postponed];
                    false -> S2#st.postponed
                end,
            S = S2#st{state = NState, postponed = P},
            case S#st.enter andalso (Changed orelse Repeat) of
                true -> state_enter(State, A, Changed, Event, Rest, S);
                false -> settle(A, Changed, Rest, S)
            end;
        {error, Bad, S2} ->
            terminate(error, {bad_action_from_state_function, Bad}, [], S2, Event)
    end.

state_enter(OldState, A, Changed, Event, Rest, #st{state = State, data = Data} = S) ->
    case call_state(S, enter, OldState) of
        {ok, Result} ->
            case Result of
                {next_state, State, NData} -> enter_done([], NData, A, Changed, Event, Rest, S);
                {next_state, State, NData, As} -> enter_done(As, NData, A, Changed, Event, Rest, S);
                {keep_state, NData} -> enter_done([], NData, A, Changed, Event, Rest, S);
                {keep_state, NData, As} -> enter_done(As, NData, A, Changed, Event, Rest, S);
                keep_state_and_data -> enter_done([], Data, A, Changed, Event, Rest, S);
                {keep_state_and_data, As} -> enter_done(As, Data, A, Changed, Event, Rest, S);
                {repeat_state, NData} -> enter_done([], NData, A, Changed, Event, Rest, S);
                {repeat_state, NData, As} -> enter_done(As, NData, A, Changed, Event, Rest, S);
                repeat_state_and_data -> enter_done([], Data, A, Changed, Event, Rest, S);
                {repeat_state_and_data, As} -> enter_done(As, Data, A, Changed, Event, Rest, S);
                _ -> stop_result(Result, Event, S, bad_state_enter_return_from_state_function)
            end;
        {'EXIT', Class, Reason, Stack} ->
            terminate(Class, Reason, Stack, S, Event)
    end.

%% An enter call may not postpone nor insert events.
enter_done(Actions, NData, A, Changed, Event, Rest, S0) ->
    S1 = S0#st{data = NData},
    case parse_actions(listify(Actions), A, false, S1) of
        {ok, A1, S} -> settle(A1, Changed, Rest, S);
        {error, Bad, S} -> terminate(error, {bad_action_from_state_function, Bad}, [], S, Event)
    end.

listify(L) when is_list(L) -> L;
listify(A) -> [A].

%% {ok, Acts, S} or {error, BadAction, S}; replies go out as they are met.
parse_actions([], A, _EventActs, S) ->
    {ok, A, S};
parse_actions([Action | T], A, EventActs, S) ->
    case Action of
        {reply, {To, Tag} = From, Reply} when is_pid(To) ->
            To ! {Tag, Reply},
            parse_actions(T, A, EventActs, debug_reply(S, From, Reply));
        postpone when EventActs ->
            parse_actions(T, A#acts{postpone = true}, EventActs, S);
        {postpone, P} when EventActs, is_boolean(P) ->
            parse_actions(T, A#acts{postpone = P}, EventActs, S);
        hibernate ->
            parse_actions(T, A#acts{hibernate = true}, EventActs, S);
        {hibernate, H} when is_boolean(H) ->
            parse_actions(T, A#acts{hibernate = H}, EventActs, S);
        {next_event, Type, Content} when EventActs ->
            case event_type(Type) of
                true -> parse_actions(T, A#acts{next = [{Type, Content} | A#acts.next]}, EventActs, S);
                false -> {error, Action, S}
            end;
        Time when Time =:= infinity; is_integer(Time), Time >= 0 ->
            timeout_action(timeout, Time, Time, [], T, A, EventActs, S, Action);
        {timeout, Time, Msg} -> timeout_action(timeout, Time, Msg, [], T, A, EventActs, S, Action);
        {timeout, Time, Msg, Opts} -> timeout_action(timeout, Time, Msg, Opts, T, A, EventActs, S, Action);
        {state_timeout, Time, Msg} -> timeout_action(state_timeout, Time, Msg, [], T, A, EventActs, S, Action);
        {state_timeout, Time, Msg, Opts} -> timeout_action(state_timeout, Time, Msg, Opts, T, A, EventActs, S, Action);
        {{timeout, _} = Type, Time, Msg} -> timeout_action(Type, Time, Msg, [], T, A, EventActs, S, Action);
        {{timeout, _} = Type, Time, Msg, Opts} -> timeout_action(Type, Time, Msg, Opts, T, A, EventActs, S, Action);
        {state_timeout, cancel} -> timeout_action(state_timeout, cancel, undefined, [], T, A, EventActs, S, Action);
        {{timeout, _} = Type, cancel} -> timeout_action(Type, cancel, undefined, [], T, A, EventActs, S, Action);
        {timeout, cancel} -> timeout_action(timeout, cancel, undefined, [], T, A, EventActs, S, Action);
        _ -> {error, Action, S}
    end.

timeout_action(Type, Time, Msg, Opts, T, A, EventActs, S, Action) ->
    Ok = (Time =:= infinity) orelse (Time =:= cancel) orelse (Time =:= update)
        orelse (is_integer(Time) andalso (Time >= 0 orelse Opts =/= [])),
    case Ok andalso is_list(Opts) of
        true ->
            Time1 = case lists:keyfind(abs, 1, Opts) of
                        {abs, true} when is_integer(Time) ->
                            max(0, Time - erlang:monotonic_time(millisecond));
                        _ -> Time
                    end,
            parse_actions(T, A#acts{timeouts = [{Type, Time1, Msg} | A#acts.timeouts]}, EventActs, S);
        false ->
            {error, Action, S}
    end.

event_type({call, {Pid, _}}) when is_pid(Pid) -> true;
event_type(cast) -> true;
event_type(info) -> true;
event_type(internal) -> true;
event_type(timeout) -> true;
event_type(state_timeout) -> true;
event_type({timeout, _}) -> true;
event_type(_) -> false.

%% Time-outs, then the queue: inserted events first, then (after a state
%% change) the postponed ones, then what was queued, then zero time-outs.
settle(A, Changed, Rest, #st{timers = Timers0, postponed = Postponed} = S) ->
    Timers1 = case Changed of
                  true -> cancel_timer(state_timeout, Timers0);
                  false -> Timers0
              end,
    {Timers, ETime, Zero} = apply_timeouts(lists:reverse(A#acts.timeouts), Timers1, none, []),
    Queue0 = case Changed of
                 true -> lists:reverse(Postponed, Rest);
                 false -> Rest
             end,
    Queue1 = lists:reverse(A#acts.next, Queue0) ++ lists:reverse(Zero),
    {Queue, ETime1} = case {Queue1, ETime} of
                          {[], {0, Content}} -> {[{timeout, Content}], none};
                          {[], _} -> {[], ETime};
                          _ -> {Queue1, none}
                      end,
    P = case Changed of
            true -> [];
            false -> Postponed
        end,
    run_events(Queue, S#st{timers = Timers, etime = ETime1, postponed = P,
                           hibernate = A#acts.hibernate}).

apply_timeouts([], Timers, ETime, Zero) ->
    {Timers, ETime, Zero};
apply_timeouts([{timeout, Time, Msg} | T], Timers, _ETime, Zero) ->
    ETime = case Time of
                infinity -> none;
                cancel -> none;
                update -> none;
                _ -> {Time, Msg}
            end,
    apply_timeouts(T, Timers, ETime, Zero);
apply_timeouts([{Type, update, Msg} | T], Timers, ETime, Zero) ->
    case Timers of
        #{Type := {Ref, _}} -> apply_timeouts(T, Timers#{Type := {Ref, Msg}}, ETime, Zero);
        _ -> apply_timeouts(T, Timers, ETime, [{Type, Msg} | drop_zero(Type, Zero)])
    end;
apply_timeouts([{Type, Time, Msg} | T], Timers0, ETime, Zero0) ->
    Timers1 = cancel_timer(Type, Timers0),
    Zero1 = drop_zero(Type, Zero0),
    case Time of
        cancel -> apply_timeouts(T, Timers1, ETime, Zero1);
        infinity -> apply_timeouts(T, Timers1, ETime, Zero1);
        0 -> apply_timeouts(T, Timers1, ETime, [{Type, Msg} | Zero1]);
        _ ->
            Ref = erlang:start_timer(Time, self(), Type),
            apply_timeouts(T, Timers1#{Type => {Ref, Msg}}, ETime, Zero1)
    end.

drop_zero(Type, Zero) -> [Z || {T, _} = Z <- Zero, T =/= Type].

cancel_timer(Type, Timers) ->
    case Timers of
        #{Type := {Ref, _}} ->
            _ = erlang:cancel_timer(Ref),
            receive {timeout, Ref, _} -> ok after 0 -> ok end,
            maps:remove(Type, Timers);
        _ ->
            Timers
    end.

%% --- terminating ----------------------------------------------------------

terminate_reason(error, Reason, Stack) -> {Reason, Stack};
terminate_reason(exit, Reason, _Stack) -> Reason;
terminate_reason(throw, Reason, Stack) -> {{nocatch, Reason}, Stack}.

%% terminate/3 (optional) runs, the error report is printed unless the
%% reason is normal, shutdown or {shutdown, _}, and the exception goes on.
terminate(Class, Reason, Stack, #st{mod = Mod, state = State, data = Data} = S, Event) ->
    _ = [erlang:cancel_timer(Ref) || {Ref, _} <- maps:values(S#st.timers)],
    case erlang:function_exported(Mod, terminate, 3) of
        true ->
            try Mod:terminate(Reason, State, Data)
            catch
                C:R:St ->
                    error_info(C, R, St, S, Event),
                    erlang:raise(C, R, St)
            end;
        false ->
            ok
    end,
    case {Class, Reason} of
        {exit, normal} -> ok;
        {exit, shutdown} -> ok;
        {exit, {shutdown, _}} -> ok;
        _ -> error_info(Class, Reason, Stack, S, Event)
    end,
    case Stack of
        [] -> erlang:Class(Reason);
        _ -> erlang:raise(Class, Reason, Stack)
    end.

error_info(Class, Reason, Stack, #st{name = Name, mod = Mod, state = State, data = Data,
                                     postponed = P}, Event) ->
    Postponed = case P of
                    [] -> "";
                    _ -> io_lib:format("** Postponed = ~tp~n", [lists:reverse(P)])
                end,
    StackText = case Stack of
                    [] -> "";
                    _ -> io_lib:format("** Stacktrace =~n**  ~tp~n", [Stack])
                end,
    error_logger:girder_report(
      "ERROR REPORT",
      [io_lib:format("** State machine ~tp terminating~n"
                     "** Last event = ~tp~n"
                     "** When server state  = ~tp~n"
                     "** Reason for termination = ~tp:~tp~n"
                     "** Callback modules = ~tp~n"
                     "** Callback mode = ~tp~n",
                     [Name, Event, {State, Data}, Class, Reason, [Mod], callback_mode_of(Mod)]),
       Postponed, StackText]).

callback_mode_of(Mod) ->
    try Mod:callback_mode() catch _:_ -> undefined end.

%% --- sys: debug events ----------------------------------------------------

debug_reply(#st{debug = []} = S, _From, _Reply) -> S;
debug_reply(#st{debug = Debug, name = Name, state = State} = S, {To, _}, Reply) ->
    S#st{debug = sys:handle_debug(Debug, fun print_event/3, Name, {out, Reply, To, State})}.

print_event(Dev, {in, Event, State}, Name) ->
    case Event of
        {{call, {Pid, _}}, Req} ->
            io:format(Dev, "*DBG* ~tp receive call ~tp from ~tw in state ~tp~n", [Name, Req, Pid, State]);
        {Type, Content} ->
            io:format(Dev, "*DBG* ~tp receive ~tw ~tp in state ~tp~n", [Name, Type, Content, State])
    end;
print_event(Dev, {out, Reply, To, State}, Name) ->
    io:format(Dev, "*DBG* ~tp send ~tp to ~tw from state ~tp~n", [Name, Reply, To, State]);
print_event(Dev, Event, Name) ->
    io:format(Dev, "*DBG* ~tp dbg  ~tp~n", [Name, Event]).

%% --- sys callbacks --------------------------------------------------------

system_continue(Parent, Debug, S) ->
    loop(S#st{parent = Parent, debug = Debug}).

system_terminate(Reason, Parent, Debug, S) ->
    terminate(exit, Reason, [], S#st{parent = Parent, debug = Debug}, undefined).

system_code_change(#st{mod = Mod, state = State, data = Data} = S, _Module, OldVsn, Extra) ->
    case catch Mod:code_change(OldVsn, State, Data, Extra) of
        {ok, NState, NData} ->
            case callback_mode(S#st{state = NState, data = NData}) of
                {ok, S1} -> {ok, S1};
                {error, _, Reason, _} -> Reason
            end;
        Else -> Else
    end.

system_get_state(#st{state = State, data = Data}) ->
    {ok, {State, Data}}.

system_replace_state(StateFun, #st{state = State, data = Data} = S) ->
    {NState, NData} = StateFun({State, Data}),
    {ok, {NState, NData}, S#st{state = NState, data = NData}}.

format_status(_Opt, [_PDict, SysState, Parent, Debug, #st{name = Name, state = State, data = Data,
                                                        postponed = P, timers = Timers}]) ->
    Header = gen:format_status_header("Status for state machine", Name),
    [{header, Header},
     {data, [{"Status", SysState}, {"Parent", Parent}, {"Logged Events", sys:get_log(Debug)},
             {"Postponed", lists:reverse(P)}]},
     {data, [{"State", {State, Data}}]},
     {data, [{"Time-outs", {maps:size(Timers), [{T, M} || {T, {_, M}} <- maps:to_list(Timers)]}}]}].

-module(gen_statem_events).
-behaviour(gen_statem).
-export([main/0]).
-export([init/1, callback_mode/0, handle_event/4, terminate/3]).

%% handle_event_function without state_enter: a counter that is `closed'
%% (increments are postponed) or `{open, N}'; event timeouts, generic
%% timeouts, state timeouts of zero, update/cancel, next_event ordering,
%% hibernation and info events.

callback_mode() -> handle_event_function.

init(Log) ->
    {ok, closed, #{log => Log, count => 0}, [{next_event, internal, booted}]}.

log(#{log := Log}, What) -> Log ! {log, What}, ok.

handle_event(internal, booted, closed, Data) ->
    log(Data, booted),
    keep_state_and_data;
handle_event(cast, {inc, N}, closed, Data) ->
    log(Data, {postpone, N}),
    {keep_state_and_data, postpone};
handle_event(cast, {inc, N}, {open, _}, #{count := C} = Data) ->
    log(Data, {inc, N}),
    {keep_state, Data#{count := C + N}};
handle_event({call, From}, open, closed, Data) ->
    {next_state, {open, 1}, Data, [{reply, From, opened}, {next_event, internal, after_open}]};
handle_event({call, From}, close, {open, _}, Data) ->
    {next_state, closed, Data, {reply, From, closed}};
handle_event(internal, after_open, State, Data) ->
    log(Data, {after_open, State}),
    keep_state_and_data;
handle_event({call, From}, count, _State, #{count := C}) ->
    {keep_state_and_data, {reply, From, C}};
%% event timeouts
handle_event({call, From}, {event_timeout, T}, _State, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, {timeout, T, etimeout}]};
handle_event({call, From}, bare_timeout, _State, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, 40]};
handle_event(timeout, Msg, State, Data) ->
    log(Data, {event_timeout, Msg, State}),
    keep_state_and_data;
%% generic timeouts
handle_event({call, From}, {generic, Name, T, Msg}, _State, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, {{timeout, Name}, T, Msg}]};
handle_event({call, From}, {cancel, Name}, _State, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, {{timeout, Name}, cancel}]};
handle_event({call, From}, {update, Name, Msg}, _State, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, {{timeout, Name}, update, Msg}]};
handle_event({timeout, Name}, Msg, State, Data) ->
    log(Data, {generic_timeout, Name, Msg, State}),
    keep_state_and_data;
%% state timeouts: zero fires before queued events; a state change cancels
handle_event({call, From}, zero, _State, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, {state_timeout, 0, zero},
                           {next_event, internal, first}]};
handle_event({call, From}, {state_timeout, T}, _State, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, {state_timeout, T, st}]};
handle_event({call, From}, {move, S}, _State, _Data) ->
    {next_state, S, _Data, [{reply, From, moved}]};
handle_event(state_timeout, Msg, State, Data) ->
    log(Data, {state_timeout, Msg, State}),
    keep_state_and_data;
handle_event(internal, Ev, State, Data) ->
    log(Data, {internal, Ev, State}),
    keep_state_and_data;
handle_event({call, From}, hibernate, _State, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, hibernate]};
handle_event({call, From}, multi, _State, _Data) ->
    {keep_state_and_data, [{reply, From, one}, {reply, From, two}]};
handle_event({call, From}, postpone_call, closed, _Data) ->
    {keep_state_and_data, [postpone]};
handle_event({call, From}, postpone_call, {open, _}, _Data) ->
    {keep_state_and_data, [{reply, From, answered_when_open}]};
handle_event({call, From}, bad_action, _State, _Data) ->
    {keep_state_and_data, [{reply, From, ok}, {bogus, 1}]};
handle_event({call, From}, get_data, State, #{count := C}) ->
    {keep_state_and_data, {reply, From, {State, C}}};
handle_event(info, Msg, State, Data) ->
    log(Data, {info, Msg, State}),
    keep_state_and_data.

terminate(Reason, State, Data) ->
    log(Data, {terminate, Reason, State}).

flush() ->
    receive
        {log, What} -> io:format("log ~p~n", [What]), flush()
    after 0 -> ok
    end.

wait(T) -> receive after T -> ok end, flush().

main() ->
    catch logger:set_primary_config(level, none),
    {ok, P} = gen_statem:start({via, global, counter}, ?MODULE, self(), []),
    C = {via, global, counter},
    gen_statem:cast(C, {inc, 1}),
    gen_statem:cast(C, {inc, 2}),
    io:format("count ~p~n", [gen_statem:call(C, count)]),
    wait(10),
    io:format("open ~p~n", [gen_statem:call(C, open)]),
    io:format("count ~p~n", [gen_statem:call(C, count)]),
    wait(10),
    gen_statem:cast(P, {inc, 10}),
    io:format("count ~p~n", [gen_statem:call(P, count)]),
    io:format("close ~p~n", [gen_statem:call(P, close)]),
    gen_statem:cast(P, {inc, 100}),
    io:format("count ~p~n", [gen_statem:call(P, count)]),
    wait(10),
    %% a postponed call is answered after the state changes
    Self = self(),
    spawn(fun() -> Self ! {postponed_reply, gen_statem:call(P, postpone_call)} end),
    wait(20),
    io:format("open ~p~n", [gen_statem:call(P, {move, {open, 2}})]),
    receive {postponed_reply, R} -> io:format("postponed_reply ~p~n", [R]) end,
    io:format("count ~p~n", [gen_statem:call(P, count)]),
    wait(10),
    %% event timeout fires when nothing comes; cancelled by an event
    ok = gen_statem:call(P, {event_timeout, 30}),
    wait(80),
    ok = gen_statem:call(P, {event_timeout, 60}),
    P ! poke,
    wait(120),
    ok = gen_statem:call(P, bare_timeout),
    wait(100),
    ok = gen_statem:call(P, {event_timeout, 0}),
    wait(10),
    %% generic timeouts survive events and state changes
    ok = gen_statem:call(P, {generic, a, 60, a_msg}),
    ok = gen_statem:call(P, {generic, b, 30, b_msg}),
    ok = gen_statem:call(P, {generic, c, 40, c_msg}),
    ok = gen_statem:call(P, {cancel, c}),
    ok = gen_statem:call(P, {update, a, a_updated}),
    io:format("moved ~p~n", [gen_statem:call(P, {move, {open, 3}})]),
    wait(150),
    ok = gen_statem:call(P, {update, z, z_not_running}),
    wait(20),
    %% state timeouts
    ok = gen_statem:call(P, zero),
    wait(20),
    ok = gen_statem:call(P, {state_timeout, 30}),
    wait(80),
    ok = gen_statem:call(P, {state_timeout, 30}),
    io:format("moved ~p~n", [gen_statem:call(P, {move, {open, 4}})]),
    wait(80),
    ok = gen_statem:call(P, {state_timeout, 30}),
    io:format("same ~p~n", [gen_statem:call(P, {move, {open, 4}})]),
    wait(80),
    %% hibernation
    ok = gen_statem:call(P, hibernate),
    wait(20),
    io:format("after hibernate ~p~n", [gen_statem:call(P, get_data)]),
    io:format("multi ~p~n", [gen_statem:call(P, multi)]),
    %% (the second reply is dropped by OTP 25's alias; Girder has none)
    receive {_, two} -> ok after 20 -> ok end,
    {SysState, SysData} = sys:get_state(P),
    io:format("sys ~p ~p~n", [SysState, maps:get(count, SysData)]),
    io:format("sys_status ~p~n", [element(1, sys:get_status(P))]),
    %% send_request
    Req = gen_statem:send_request(P, count),
    io:format("receive_response ~p~n", [gen_statem:receive_response(Req, 1000)]),
    %% a bad action stops the machine
    MRef = monitor(process, P),
    io:format("bad_action ~p~n", [catch gen_statem:call(P, bad_action)]),
    receive {'DOWN', MRef, process, P, Why} -> io:format("down ~p~n", [element(1, Why)]) end,
    wait(10),
    io:format("where ~p~n", [global:whereis_name(counter)]),
    ok.

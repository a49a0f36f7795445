-module(gen_statem_door).
-behaviour(gen_statem).
-export([main/0]).
-export([init/1, callback_mode/0, locked/3, open/3, terminate/3, code_change/4]).

%% A code lock (state_functions with state_enter): the door opens on the
%% right code, locks again on a state timeout; log events go to a collector.

callback_mode() -> [state_functions, state_enter].

init({Code, Log}) ->
    {ok, locked, #{code => Code, length => length(Code), buttons => [], log => Log}};
init(ignore) -> ignore;
init(stop) -> {stop, no_way};
init(bad) -> what;
init(crash) -> erlang:error(init_crash).

log(#{log := Log}, What) -> Log ! {log, What}, ok.

locked(enter, Old, Data) ->
    log(Data, {enter, locked, from, Old}),
    {keep_state, Data#{buttons := []}};
locked(state_timeout, button, Data) ->
    log(Data, button_timeout),
    {keep_state, Data#{buttons := []}};
locked(cast, {button, B}, #{code := Code, length := Len, buttons := Bs} = Data) ->
    New = case length(Bs) of
              Len -> tl(Bs) ++ [B];
              _ -> Bs ++ [B]
          end,
    log(Data, {pressed, B}),
    case New of
        Code -> {next_state, open, Data};
        _ -> {keep_state, Data#{buttons := New}, [{state_timeout, 1000, button}]}
    end;
locked(EventType, Content, Data) -> handle_common(EventType, Content, locked, Data).

open(enter, Old, Data) ->
    log(Data, {enter, open, from, Old}),
    {keep_state_and_data, [{state_timeout, 60, lock}]};
open(state_timeout, lock, Data) ->
    log(Data, timeout_lock),
    {next_state, locked, Data};
open(cast, {button, B}, Data) ->
    log(Data, {ignored, B}),
    {next_state, open, Data};
open(EventType, Content, Data) -> handle_common(EventType, Content, open, Data).

handle_common({call, From}, state, State, _Data) ->
    {keep_state_and_data, [{reply, From, State}]};
handle_common({call, From}, {set_code, Code}, _State, Data) ->
    {keep_state, Data#{code := Code, length := length(Code)}, {reply, From, ok}};
handle_common({call, From}, relock, _State, Data) ->
    {next_state, locked, Data, [{reply, From, relocked}]};
handle_common({call, From}, repeat, _State, _Data) ->
    {repeat_state_and_data, [{reply, From, repeated}]};
handle_common({call, From}, later, _State, _Data) ->
    self() ! {answer_later, From},
    keep_state_and_data;
handle_common({call, From}, stop_reply, _State, Data) ->
    {stop_and_reply, normal, [{reply, From, bye}], Data};
handle_common({call, _From}, crash, _State, _Data) ->
    erlang:error(boom);
handle_common({call, _From}, bad, _State, _Data) ->
    bad_result;
handle_common({call, From}, thrown, _State, _Data) ->
    throw({keep_state_and_data, [{reply, From, caught}]});
handle_common({call, From}, next, _State, Data) ->
    {keep_state_and_data, [{reply, From, ok}, {next_event, internal, one}, {next_event, internal, two}]};
handle_common(internal, N, State, Data) ->
    log(Data, {internal, N, State}),
    keep_state_and_data;
handle_common(info, {answer_later, From}, _State, _Data) ->
    gen_statem:reply(From, late_answer),
    keep_state_and_data;
handle_common(info, Msg, State, Data) ->
    log(Data, {info, Msg, State}),
    keep_state_and_data;
handle_common(cast, stop, _State, Data) ->
    {stop, {shutdown, asked}, Data}.

terminate(Reason, State, #{log := Log}) ->
    Log ! {log, {terminate, Reason, State}},
    ok;
terminate(_Reason, _State, _Data) ->
    ok.

code_change(_Old, State, Data, _Extra) -> {ok, State, Data}.

%% --- the test --------------------------------------------------------------

flush() ->
    receive
        {log, What} -> io:format("log ~p~n", [What]), flush()
    after 0 -> ok
    end.

settle() -> receive after 30 -> ok end, flush().

main() ->
    catch logger:set_primary_config(level, none),
    {ok, Pid} = gen_statem:start_link({local, door}, ?MODULE, {[1, 2, 3], self()}, []),
    io:format("started ~p~n", [is_pid(Pid)]),
    io:format("again ~p~n", [element(1, element(2, gen_statem:start({local, door}, ?MODULE, {[1], self()}, [])))]),
    io:format("state ~p~n", [gen_statem:call(door, state)]),
    settle(),
    [gen_statem:cast(door, {button, B}) || B <- [9, 1, 2, 3]],
    io:format("state ~p~n", [gen_statem:call(door, state)]),
    settle(),
    gen_statem:cast(door, {button, 5}),
    receive after 120 -> ok end,
    flush(),
    io:format("state ~p~n", [gen_statem:call(door, state)]),
    %% a wrong press, then the button state timeout
    gen_statem:cast(door, {button, 7}),
    receive after 1100 -> ok end,
    flush(),
    io:format("set_code ~p~n", [gen_statem:call(door, {set_code, [4]})]),
    gen_statem:cast(door, {button, 4}),
    io:format("state ~p~n", [gen_statem:call(door, state)]),
    io:format("relock ~p~n", [gen_statem:call(door, relock)]),
    io:format("state ~p~n", [gen_statem:call(door, state, 1000)]),
    io:format("repeat ~p~n", [gen_statem:call(door, repeat)]),
    io:format("later ~p~n", [gen_statem:call(door, later)]),
    io:format("thrown ~p~n", [gen_statem:call(door, thrown)]),
    io:format("next ~p~n", [gen_statem:call(door, next)]),
    door ! hello,
    settle(),
    io:format("sys state ~p~n", [element(1, sys:get_state(door))]),
    R = sys:replace_state(door, fun({S, D}) -> {S, D#{code := [8]}} end),
    io:format("replaced ~w~n", [maps:get(code, element(2, R))]),
    ok = sys:suspend(door),
    gen_statem:cast(door, {button, 8}),
    io:format("suspended call ~p~n", [catch gen_statem:call(door, state, 50)]),
    ok = sys:resume(door),
    settle(),
    io:format("state ~p~n", [gen_statem:call(door, state)]),
    io:format("stop_reply ~p~n", [gen_statem:call(door, stop_reply)]),
    settle(),
    io:format("noproc ~p~n", [catch gen_statem:call(door, state)]),
    io:format("noproc cast ~p~n", [gen_statem:cast(door, x)]),

    %% init variants
    io:format("ignore ~p~n", [gen_statem:start(?MODULE, ignore, [])]),
    io:format("stop ~p~n", [gen_statem:start(?MODULE, stop, [])]),
    io:format("bad ~p~n", [gen_statem:start(?MODULE, bad, [])]),
    io:format("crash ~p~n", [gen_statem:start(?MODULE, crash, [])]),

    %% crashes and bad returns seen by the caller
    process_flag(trap_exit, true),
    {ok, P2} = gen_statem:start_link(?MODULE, {[1], self()}, []),
    settle(),
    {'EXIT', {{boom, _}, {gen_statem, call, [P2, crash, infinity]}}} = (catch gen_statem:call(P2, crash)),
    receive {'EXIT', P2, {boom, _}} -> io:format("linked exit boom~n") end,
    settle(),
    {ok, P3} = gen_statem:start_link(?MODULE, {[1], self()}, []),
    io:format("bad return ~p~n", [element(1, element(1, element(2, catch gen_statem:call(P3, bad))))]),
    receive {'EXIT', P3, R3} -> io:format("linked exit ~p~n", [element(1, R3)]) end,
    settle(),
    {ok, {P4, M4}} = gen_statem:start_monitor({global, door4}, ?MODULE, {[1], self()}, []),
    io:format("global state ~p~n", [gen_statem:call({global, door4}, state)]),
    gen_statem:cast({global, door4}, stop),
    receive {'DOWN', M4, process, P4, R4} -> io:format("down ~p~n", [R4]) end,
    settle(),
    {ok, P5} = gen_statem:start(?MODULE, {[1], self()}, []),
    io:format("stop ~p~n", [gen_statem:stop(P5)]),
    settle(),
    {ok, P6} = gen_statem:start(?MODULE, {[1], self()}, []),
    io:format("stop3 ~p~n", [gen_statem:stop(P6, {shutdown, x}, 1000)]),
    settle(),
    io:format("timeout ~p~n", [catch gen_statem:call(self_not, state, 10)]),
    ok.

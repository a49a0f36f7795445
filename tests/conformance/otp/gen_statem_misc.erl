-module(gen_statem_misc).
-behaviour(gen_statem).
-export([main/0, init/1, callback_mode/0, handle_event/4, code_change/4, run/1]).

callback_mode() -> [handle_event_function, state_enter].
init(N) -> {ok, one, N}.
handle_event(enter, Old, S, D) -> io:format("enter ~p from ~p data ~p~n", [S, Old, D]), {keep_state, D + 1, [{state_timeout, 20, tick}]};
handle_event(internal, X, S, _) -> io:format("internal ~p in ~p~n", [X, S]), keep_state_and_data;
handle_event(state_timeout, tick, S, _D) -> io:format("tick in ~p~n", [S]), keep_state_and_data;
handle_event({call, From}, {go, S}, _, D) -> {next_state, S, D, {reply, From, ok}};
handle_event({call, From}, get, S, D) -> {keep_state_and_data, {reply, From, {S, D}}};
handle_event({call, From}, repeat, _, D) -> {repeat_state, D * 10, {reply, From, ok}}.
code_change(Old, S, D, Extra) -> {ok, {changed, S}, {Old, Extra, D}}.

run(Parent) ->
    register(looper, self()),
    proc_lib:init_ack(Parent, {ok, self()}),
    gen_statem:enter_loop(?MODULE, [], start, 100, {local, looper}, [{next_event, internal, x}]).

main() ->
    catch logger:set_primary_config(level, none),
    {ok, P} = gen_statem:start(?MODULE, 1, []),
    io:format("~p~n", [gen_statem:call(P, get)]),
    receive after 50 -> ok end,
    io:format("~p~n", [gen_statem:call(P, {go, two})]),
    receive after 50 -> ok end,
    io:format("~p~n", [gen_statem:call(P, repeat)]),
    io:format("~p~n", [gen_statem:call(P, get)]),
    ok = sys:suspend(P),
    io:format("cc ~p~n", [sys:change_code(P, ?MODULE, old, extra)]),
    ok = sys:resume(P),
    io:format("~p~n", [gen_statem:call(P, get)]),
    receive after 50 -> ok end,
    {ok, L} = proc_lib:start(?MODULE, run, [self()]),
    io:format("loop ~p ~p~n", [L =:= whereis(looper), catch gen_statem:call(looper, get)]),
    receive after 50 -> ok end,
    gen_statem:stop(looper),
    ok.

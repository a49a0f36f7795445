-module(gen_server_basic).
-behaviour(gen_server).
-export([main/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, handle_continue/2,
         terminate/2, code_change/3]).

quiet() -> catch logger:set_primary_config(level, none), ok.

%% --- callbacks: the state is a map; Log collects what happened -----------

init({state, S}) -> {ok, S};
init({timeout, S}) -> {ok, S, 50};
init({continue, S}) -> {ok, S, {continue, first}};
init(hibernate) -> {ok, #{n => 0}, hibernate};
init(ignore) -> ignore;
init(stop) -> {stop, no_way};
init(bad) -> bad_value;
init(throw) -> throw({ok, #{n => thrown}});
init(crash) -> erlang:error(init_crash);
init(trap) -> process_flag(trap_exit, true), {ok, #{n => 0}}.

handle_call(get, _From, S) -> {reply, S, S};
handle_call({set, K, V}, _From, S) -> {reply, ok, S#{K => V}};
handle_call(deferred, From, S) -> self() ! {answer, From}, {noreply, S};
handle_call(with_timeout, _From, S) -> {reply, ok, S, 30};
handle_call(with_continue, _From, S) -> {reply, ok, S, {continue, more}};
handle_call(with_hibernate, _From, S) -> {reply, ok, S, hibernate};
handle_call(stop_reply, _From, S) -> {stop, normal, stopping, S};
handle_call(stop_noreply, _From, S) -> {stop, {shutdown, odd}, S};
handle_call(thrown, _From, S) -> throw({reply, caught, S});
handle_call(crash, _From, _S) -> erlang:error(call_crash);
handle_call(bad_return, _From, _S) -> what;
handle_call(sleep, _From, S) -> receive after 200 -> ok end, {reply, slept, S};
handle_call(whoami, _From, S) -> {reply, process_info(self(), registered_name), S}.

handle_cast({set, K, V}, S) -> {noreply, S#{K => V}};
handle_cast(stop, S) -> {stop, normal, S};
handle_cast(crash, _S) -> exit(cast_crash).

handle_info({answer, From}, S) -> gen_server:reply(From, deferred_answer), {noreply, S};
handle_info(timeout, S) -> {noreply, S#{timeouts => maps:get(timeouts, S, 0) + 1}};
handle_info({'EXIT', _, R}, S) -> {noreply, S#{exit => R}};
handle_info(Other, S) -> {noreply, S#{info => Other}}.

handle_continue(first, S) -> {noreply, S#{continued => first}};
handle_continue(more, S) -> {noreply, S#{continued => more}}.

terminate(Reason, S) ->
    case S of
        #{report := Pid} -> Pid ! {terminated, Reason};
        _ -> ok
    end.

code_change(_Old, S, Extra) -> {ok, S#{extra => Extra}}.

%% --- helpers ----------------------------------------------------------------

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

err({'EXIT', {Reason, {gen_server, call, [P | Rest]}}}) ->
    {'EXIT', {head(Reason), {gen_server, call, [case is_pid(P) of true -> pid; false -> P end | Rest]}}};
err(X) -> X.

main() ->
    quiet(),
    {ok, P} = gen_server:start(?MODULE, {state, #{n => 1}}, []),
    show("get", gen_server:call(P, get)),
    show("set", gen_server:call(P, {set, a, 1})),
    show("cast", gen_server:cast(P, {set, b, 2})),
    P ! hello,
    show("after cast+info", gen_server:call(P, get)),
    show("deferred", gen_server:call(P, deferred)),
    show("thrown", gen_server:call(P, thrown)),
    show("with_timeout", gen_server:call(P, with_timeout)),
    receive after 100 -> ok end,
    show("timeouts", maps:get(timeouts, gen_server:call(P, get))),
    show("with_continue", gen_server:call(P, with_continue)),
    show("continued", maps:get(continued, gen_server:call(P, get))),
    show("with_hibernate", gen_server:call(P, with_hibernate)),
    show("after hibernate", maps:get(a, gen_server:call(P, get))),
    show("call timeout", err(catch gen_server:call(P, sleep, 20))),
    receive after 300 -> ok end,
    flush_replies(),
    show("stop_reply", gen_server:call(P, stop_reply)),
    receive after 20 -> ok end,
    show("alive after stop", is_process_alive(P)),
    show("noproc", err(catch gen_server:call(P, get))),
    show("noproc name", catch gen_server:call(no_such_server, get)),
    show("cast to dead name", gen_server:cast(no_such_server, x)),

    %% init variants
    {ok, P2} = gen_server:start(?MODULE, {timeout, #{}}, []),
    receive after 100 -> ok end,
    show("init timeout", gen_server:call(P2, get)),
    {ok, P3} = gen_server:start(?MODULE, {continue, #{}}, []),
    show("init continue", gen_server:call(P3, get)),
    {ok, P4} = gen_server:start(?MODULE, hibernate, []),
    show("init hibernate", gen_server:call(P4, get)),
    show("init ignore", gen_server:start(?MODULE, ignore, [])),
    show("init stop", gen_server:start(?MODULE, stop, [])),
    show("init bad", gen_server:start(?MODULE, bad, [])),
    {ok, P5} = gen_server:start(?MODULE, throw, []),
    show("init throw", gen_server:call(P5, get)),
    show("init crash", err2(gen_server:start(?MODULE, crash, []))),

    %% names
    {ok, N1} = gen_server:start({local, srv}, ?MODULE, {state, #{}}, []),
    show("whereis", whereis(srv) =:= N1),
    show("named call", gen_server:call(srv, whoami)),
    show("already", gen_server:start({local, srv}, ?MODULE, {state, #{}}, []) =:= {error, {already_started, N1}}),
    show("tuple name", gen_server:call({srv, node()}, {set, x, 1})),
    show("abcast", gen_server:abcast(srv, {set, y, 2})),
    show("multi_call", gen_server:multi_call(srv, get)),
    show("multi_call none", gen_server:multi_call(nobody, get)),
    show("stop named", gen_server:stop(srv)),
    show("whereis after stop", whereis(srv)),
    show("stop noproc", catch gen_server:stop(srv)),
    {ok, G} = gen_server:start({global, {my, server}}, ?MODULE, {state, #{}}, []),
    show("global", gen_server:call({global, {my, server}}, {set, g, 1})),
    show("global where", global:whereis_name({my, server}) =:= G),
    show("via", gen_server:call({via, global, {my, server}}, get)),
    gen_server:cast({global, {my, server}}, {set, h, 2}),
    show("global cast", gen_server:call({global, {my, server}}, get)),
    show("global already", gen_server:start({global, {my, server}}, ?MODULE, {state, #{}}, []) =:= {error, {already_started, G}}),
    ok = gen_server:stop({global, {my, server}}),
    show("global gone", catch gen_server:call({global, {my, server}}, get)),

    %% start_link, terminate, exits
    process_flag(trap_exit, true),
    {ok, L} = gen_server:start_link(?MODULE, trap, []),
    ok = gen_server:call(L, {set, report, self()}),
    exit(L, shutdown),
    receive {terminated, TR} -> show("terminate on parent exit", TR) end,
    receive {'EXIT', L, LR} -> show("link exit", LR) end,
    {ok, L2} = gen_server:start_link(?MODULE, {state, #{report => self()}}, []),
    show("stop_noreply", err(catch gen_server:call(L2, stop_noreply))),
    receive {terminated, TR2} -> show("terminated", TR2) end,
    receive {'EXIT', L2, LR2} -> show("link exit", LR2) end,
    {ok, L3} = gen_server:start_link(?MODULE, {state, #{report => self()}}, []),
    show("crash", err(catch gen_server:call(L3, crash))),
    receive {terminated, TR3} -> show("terminated", head(TR3)) end,
    receive {'EXIT', L3, LR3} -> show("link exit", head(LR3)) end,
    {ok, L4} = gen_server:start_link(?MODULE, {state, #{report => self()}}, []),
    show("bad_return", err(catch gen_server:call(L4, bad_return))),
    receive {terminated, TR4} -> show("terminated", TR4) end,
    receive {'EXIT', L4, LR4} -> show("link exit", LR4) end,
    {ok, L5} = gen_server:start_link(?MODULE, {state, #{report => self()}}, []),
    gen_server:cast(L5, crash),
    receive {terminated, TR5} -> show("terminated", TR5) end,
    receive {'EXIT', L5, LR5} -> show("cast crash exit", LR5) end,
    {ok, L6} = gen_server:start_link(?MODULE, {state, #{report => self()}}, []),
    show("stop/3", gen_server:stop(L6, {shutdown, bye}, 1000)),
    receive {terminated, TR6} -> show("terminated", TR6) end,
    receive {'EXIT', L6, LR6} -> show("link exit", LR6) end,
    show("start_link ignore", gen_server:start_link(?MODULE, ignore, [])),
    receive {'EXIT', _, IR} -> show("ignore exit", IR) after 100 -> ok end,
    show("start_link stop", gen_server:start_link(?MODULE, stop, [])),
    receive {'EXIT', _, SR} -> show("stop exit", SR) after 100 -> ok end,
    {ok, {MP, MRef}} = gen_server:start_monitor(?MODULE, {state, #{}}, []),
    gen_server:cast(MP, stop),
    receive {'DOWN', MRef, process, MP, MR} -> show("start_monitor down", MR) end,

    %% send_request
    {ok, Q} = gen_server:start(?MODULE, {state, #{q => 1}}, []),
    Req = gen_server:send_request(Q, get),
    show("receive_response", gen_server:receive_response(Req, 1000)),
    Req2 = gen_server:send_request(Q, {set, q, 2}),
    show("wait_response", gen_server:wait_response(Req2, 1000)),
    Req3 = gen_server:send_request(Q, get),
    receive {_, _} = Msg -> show("check_response", gen_server:check_response(Msg, Req3)) end,
    show("calling self", (catch gen_server:call(self(), x)) =:= {'EXIT', {calling_self, {gen_server, call, [self(), x]}}}),
    show("bad timeout", element(1, element(1, element(2, catch gen_server:call(Q, get, -1))))),
    gen_server:stop(Q),
    flush(),
    ok.

head({R, Stack}) when is_list(Stack) -> {R, stack};
head(R) -> R.

err2({error, {R, Stack}}) when is_list(Stack) -> {error, {R, stack}};
err2(X) -> X.

flush_replies() ->
    receive {Ref, slept} when is_reference(Ref) -> ok; {[alias | _], slept} -> ok after 0 -> ok end.

flush() ->
    receive M -> show("left", M), flush() after 50 -> ok end.

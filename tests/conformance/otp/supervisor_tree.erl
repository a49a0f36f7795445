-module(supervisor_tree).
%% One module serves as the callback module of the supervisors and of the
%% gen_server workers: init/1 tells them apart by its argument.
-export([main/0, init/1, handle_call/3, handle_cast/2, terminate/2, start_worker/1, log_loop/1]).

quiet() -> catch logger:set_primary_config(level, none), ok.

log(Event) -> evlog ! {event, Event}.

log_loop(Events) ->
    receive
        {event, E} -> log_loop([E | Events]);
        {take, From} -> From ! {events, lists:reverse(Events)}, log_loop([])
    end.

take() ->
    receive after 50 -> ok end,
    evlog ! {take, self()},
    receive {events, Es} -> Es end.

%% --- supervisors ------------------------------------------------------------

init({sup, top}) ->
    {ok, {#{strategy => one_for_one, intensity => 5, period => 10},
          [#{id => mid1, start => {supervisor, start_link, [{local, mid1}, ?MODULE, {sup, mid1}]},
             type => supervisor},
           #{id => mid2, start => {supervisor, start_link, [{local, mid2}, ?MODULE, {sup, mid2}]},
             type => supervisor},
           #{id => w3, start => {?MODULE, start_worker, [w3]}}]}};
init({sup, mid1}) ->
    {ok, {#{strategy => one_for_all, intensity => 2, period => 10},
          [#{id => w1, start => {?MODULE, start_worker, [w1]}},
           #{id => w2, start => {?MODULE, start_worker, [w2]}, shutdown => 1000}]}};
init({sup, mid2}) ->
    {ok, {#{strategy => simple_one_for_one},
          [#{id => dyn, start => {?MODULE, start_worker, []}, restart => temporary}]}};

%% --- workers ------------------------------------------------------------------

init({worker, Id}) ->
    process_flag(trap_exit, true),
    log({start, Id}),
    {ok, Id}.

start_worker(Id) -> gen_server:start_link(?MODULE, {worker, Id}, []).

handle_call(ancestors, _From, Id) -> {reply, length(get('$ancestors')), Id};
handle_call(crash, _From, Id) -> exit({crashed, Id}).

handle_cast(_, Id) -> {noreply, Id}.

terminate(Reason, Id) -> log({stop, Id, Reason}).

%% ------------------------------------------------------------------------------

kids(Sup) -> [{Id, is_pid(P), Type} || {Id, P, Type, _} <- supervisor:which_children(Sup)].

pid(Sup, Id) ->
    {_, P, _, _} = lists:keyfind(Id, 1, supervisor:which_children(Sup)),
    P.

main() ->
    quiet(),
    process_flag(trap_exit, true),
    register(evlog, spawn(?MODULE, log_loop, [[]])),
    {ok, Top} = supervisor:start_link({local, top}, ?MODULE, {sup, top}),
    io:format("started: ~p~n", [take()]),
    io:format("top: ~p~n", [kids(top)]),
    io:format("mid1: ~p~n", [kids(mid1)]),
    io:format("top count: ~p~n", [supervisor:count_children(top)]),
    io:format("initial call: ~p~n", [proc_lib:translate_initial_call(whereis(mid1))]),
    io:format("worker initial call: ~p~n", [proc_lib:translate_initial_call(pid(mid1, w1))]),
    io:format("w1 ancestors: ~p~n", [gen_server:call(pid(mid1, w1), ancestors)]),
    {ok, D1} = supervisor:start_child(mid2, [d1]),
    {ok, _} = supervisor:start_child(mid2, [d2]),
    io:format("dynamic: ~p ~p~n", [take(), supervisor:count_children(mid2)]),

    %% a worker crashes: mid1 restarts both (one_for_all)
    catch gen_server:call(pid(mid1, w1), crash),
    io:format("w1 crashed: ~p~n", [take()]),
    %% a dynamic temporary child crashes: not restarted
    catch gen_server:call(D1, crash),
    io:format("d1 crashed: ~p ~p~n", [take(), length(supervisor:which_children(mid2))]),
    %% a whole subtree is killed: top restarts it
    Mid1 = whereis(mid1),
    exit(Mid1, kill),
    %% the old children die and the new ones start on different schedulers: sorted
    io:format("mid1 killed: ~p~n", [lists:sort(take())]),
    io:format("mid1 new: ~p~n", [whereis(mid1) =/= Mid1 andalso is_pid(whereis(mid1))]),
    %% a storm in mid1: it gives up, top restarts it
    Mid1b = whereis(mid1),
    [begin catch gen_server:call(pid(mid1, w1), crash), receive after 20 -> ok end end || _ <- [1, 2, 3]],
    Events = take(),
    io:format("storm: ~p starts, ~p stops~n",
              [length([E || {start, _} = E <- Events]), length([E || {stop, _, _} = E <- Events])]),
    io:format("mid1 replaced: ~p~n", [whereis(mid1) =/= Mid1b]),
    io:format("top: ~p~n", [kids(top)]),
    io:format("terminate mid2: ~p ~p~n", [supervisor:terminate_child(top, mid2), take()]),
    io:format("restart mid2: ~p ~p~n", [element(1, supervisor:restart_child(top, mid2)), kids(mid2)]),
    %% the whole tree stops, children in reverse start order
    exit(Top, shutdown),
    receive {'EXIT', Top, R} -> io:format("top exit: ~p~n", [R]) end,
    io:format("stopped: ~p~n", [take()]),
    io:format("names: ~p~n", [[whereis(N) || N <- [top, mid1, mid2]]]),
    ok.

-module(supervisor_strategies).
-behaviour(supervisor).
-export([main/0, init/1, start_worker/1, worker_init/2, log_loop/1]).

%% Workers trap exits and tell the log when they start and stop, so the
%% order in which a supervisor starts and stops its children shows.
quiet() -> catch logger:set_primary_config(level, none), ok.

log(Event) -> evlog ! {event, Event}.

log_loop(Events) ->
    receive
        {event, E} -> log_loop([E | Events]);
        {take, From} -> From ! {events, lists:reverse(Events)}, log_loop([])
    end.

take() ->
    receive after 100 -> ok end,  % let restarts and reports land (timing, not ordering)
    evlog ! {take, self()},
    receive {events, Es} -> Es end.

start_worker(Id) ->
    Parent = self(),
    Pid = spawn_link(?MODULE, worker_init, [Id, Parent]),
    receive {Pid, ready} -> {ok, Pid} end.

worker_init(Id, Parent) ->
    process_flag(trap_exit, true),
    log({start, Id}),
    Parent ! {self(), ready},
    worker_loop(Id, Parent).

worker_loop(Id, Parent) ->
    receive
        {'EXIT', Parent, Reason} -> log({stop, Id, Reason}), exit(Reason);
        crash -> log({crash, Id}), exit(crashed);
        _ -> worker_loop(Id, Parent)
    end.

init(Strategy) ->
    {ok, {#{strategy => Strategy, intensity => 10, period => 10},
          [#{id => Id, start => {?MODULE, start_worker, [Id]}} || Id <- [a, b, c, d]]}}.

child(Sup, Id) ->
    {_, P, _, _} = lists:keyfind(Id, 1, supervisor:which_children(Sup)),
    P.

run(Strategy) ->
    io:format("--- ~p~n", [Strategy]),
    {ok, S} = supervisor:start_link(?MODULE, Strategy),
    io:format("started: ~p~n", [take()]),
    Before = [child(S, Id) || Id <- [a, b, c, d]],
    child(S, b) ! crash,
    io:format("after b crashed: ~p~n", [take()]),
    After = [child(S, Id) || Id <- [a, b, c, d]],
    io:format("new pids: ~p~n", [[Id || {Id, P1, P2} <- lists:zip3([a, b, c, d], Before, After), P1 =/= P2]]),
    io:format("terminate_child c: ~p~n", [supervisor:terminate_child(S, c)]),
    io:format("events: ~p~n", [take()]),
    unlink(S),
    exit(S, shutdown),
    io:format("shutdown: ~p~n", [take()]).

main() ->
    quiet(),
    register(evlog, spawn(?MODULE, log_loop, [[]])),
    run(one_for_one),
    run(one_for_all),
    run(rest_for_one),
    ok.

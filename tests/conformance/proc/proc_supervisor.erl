-module(proc_supervisor).
-export([main/0]).

%% A hand-written supervisor: traps exits, restarts a crashing child up to a
%% limit, reports events to the parent in order.
sup_start(Parent, ChildFun, MaxRestarts) ->
    spawn(fun() ->
              process_flag(trap_exit, true),
              Child = spawn_link(ChildFun),
              register(psup_child, Child),
              Parent ! {sup, started},
              sup_loop(Parent, ChildFun, Child, 0, MaxRestarts)
          end).

sup_loop(Parent, ChildFun, Child, Restarts, Max) ->
    receive
        {'EXIT', Child, normal} ->
            Parent ! {sup, child_finished},
            sup_loop(Parent, ChildFun, none, Restarts, Max);
        {'EXIT', Child, Reason} when Restarts < Max ->
            New = spawn_link(ChildFun),
            register(psup_child, New),
            Parent ! {sup, {restarted, short(Reason), Restarts + 1}},
            sup_loop(Parent, ChildFun, New, Restarts + 1, Max);
        {'EXIT', Child, Reason} ->
            Parent ! {sup, {giving_up, short(Reason)}},
            exit(too_many_restarts);
        {which, From} ->
            From ! {sup, {child_alive, Child =/= none andalso is_process_alive(Child)}},
            sup_loop(Parent, ChildFun, Child, Restarts, Max);
        stop ->
            case Child of none -> ok; _ -> exit(Child, shutdown), receive {'EXIT', Child, R} -> Parent ! {sup, {child_stopped, R}} end end,
            Parent ! {sup, stopped}
    end.

short({R, Stack}) when is_list(Stack) -> R;
short(R) -> R.

id(X) -> X.

%% the child: a counter that crashes on demand
child() ->
    receive
        {crash, How} -> case How of badmatch -> {ok, _} = id({error}); exit -> exit(asked) end;
        {ping, From} -> From ! pong, child();
        finish -> ok
    end.

%% call the currently registered child; the name may be briefly absent during a restart
ping_child() ->
    case whereis(psup_child) of
        undefined -> receive after 2 -> ping_child() end;
        C -> C ! {ping, self()}, receive pong -> pong after 1000 -> no_pong end
    end.

next() -> receive {sup, E} -> E after 2000 -> timeout end.

main() ->
    %% Under `erl -noshell` OTP's logger prints crash reports of spawned processes
    %% on stdout; silence it. (A VM without a logger module raises undef here,
    %% which the catch swallows.)
    catch logger:set_primary_config(level, none),
    S = sup_start(self(), fun child/0, 2),
    M = monitor(process, S),
    io:format("~p~n", [next()]),
    io:format("ping: ~p~n", [ping_child()]),
    psup_child ! {crash, exit},
    io:format("~p~n", [next()]),
    io:format("ping after restart: ~p~n", [ping_child()]),
    psup_child ! {crash, badmatch},
    io:format("~p~n", [next()]),
    io:format("ping after restart: ~p~n", [ping_child()]),
    S ! {which, self()},
    io:format("~p~n", [next()]),
    psup_child ! {crash, exit},
    io:format("~p~n", [next()]),
    receive {'DOWN', M, process, S, Why} -> io:format("supervisor down: ~p~n", [Why]) end,
    %% the child was linked to the supervisor and is killed with it
    receive after 10 -> ok end,
    io:format("child name after supervisor died: ~p~n", [whereis(psup_child)]),
    %% a second supervisor: normal finish and orderly stop
    S2 = sup_start(self(), fun child/0, 1),
    io:format("~p~n", [next()]),
    psup_child ! finish,
    io:format("~p~n", [next()]),
    S2 ! {which, self()},
    io:format("~p~n", [next()]),
    S2 ! stop,
    io:format("~p~n", [next()]),
    %% a third one stopped while the child runs: the child gets shutdown
    S3 = sup_start(self(), fun child/0, 1),
    io:format("~p~n", [next()]),
    S3 ! stop,
    io:format("~p~n", [next()]),
    io:format("~p~n", [next()]),
    ok.

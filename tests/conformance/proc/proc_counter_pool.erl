-module(proc_counter_pool).
-export([main/0]).

%% Counts messages until asked, then replies with the count and a tally by kind.
counter(N, Tally) ->
    receive
        {count_please, From} -> From ! {count, N, lists:sort(maps:to_list(Tally))}, counter(N, Tally);
        stop -> ok;
        {Kind, _} -> counter(N + 1, maps:update_with(Kind, fun(C) -> C + 1 end, 1, Tally));
        _Other -> counter(N + 1, maps:update_with(other, fun(C) -> C + 1 end, 1, Tally))
    end.

%% A worker asks the pool manager for jobs, does them, reports the result.
worker(Manager, Id) ->
    Manager ! {ready, self()},
    receive
        {job, JobId, F} ->
            Manager ! {result, JobId, Id, F()},
            worker(Manager, Id);
        stop -> ok
    end.

%% The manager hands out jobs to whoever is ready and collects results.
manager(Parent, Jobs, Pending, Results, Workers) ->
    receive
        {ready, W} when Jobs =/= [] ->
            [{JobId, F} | Rest] = Jobs,
            W ! {job, JobId, F},
            manager(Parent, Rest, Pending + 1, Results, Workers);
        {ready, W} ->
            W ! stop,
            maybe_done(Parent, Jobs, Pending, Results, Workers - 1);
        {result, JobId, WId, R} ->
            maybe_done(Parent, Jobs, Pending - 1, [{JobId, WId, R} | Results], Workers)
    end.

maybe_done(Parent, [], 0, Results, 0) -> Parent ! {all_done, lists:sort(Results)};
maybe_done(Parent, Jobs, Pending, Results, Workers) -> manager(Parent, Jobs, Pending, Results, Workers).

main() ->
    Self = self(),
    C = spawn(fun() -> counter(0, #{}) end),
    [C ! {apple, I} || I <- lists:seq(1, 7)],
    [C ! {pear, I} || I <- lists:seq(1, 3)],
    [C ! X || X <- [x, "y", 3, {a, b, c}]],
    C ! {count_please, self()},
    receive {count, N, Tally} -> io:format("counted ~p: ~p~n", [N, Tally]) end,
    %% several senders to one counter; the total is exact
    C2 = spawn(fun() -> counter(0, #{}) end),
    Senders = [spawn(fun() -> [C2 ! {s, J} || J <- lists:seq(1, 100)], Self ! {sent, self()} end)
               || _ <- lists:seq(1, 10)],
    [receive {sent, P} -> ok end || P <- Senders],
    %% all senders are done, but their messages and our question come from
    %% different processes (no ordering guarantee between them): poll
    io:format("total from 10 senders: ~p~n", [poll_count(C2, 1000, 200)]),
    %% a pool of 4 workers processing 30 jobs
    NWorkers = 4,
    Jobs = [{J, fun() -> J * J end} || J <- lists:seq(1, 30)],
    Mgr = spawn(fun() -> manager(Self, Jobs, 0, [], NWorkers) end),
    Ws = [spawn_monitor(fun() -> worker(Mgr, Id) end) || Id <- lists:seq(1, NWorkers)],
    receive {all_done, Results} ->
        io:format("job results: ~p~n", [[R || {_, _, R} <- Results]]),
        io:format("job ids: ~p~n", [[J || {J, _, _} <- Results] =:= lists:seq(1, 30)]),
        io:format("worker ids valid: ~p~n", [lists:all(fun({_, W, _}) -> W >= 1 andalso W =< NWorkers end, Results)])
    end,
    io:format("workers exit: ~p~n", [[receive {'DOWN', M, process, W, Why} -> Why end || {W, M} <- Ws]]),
    C ! stop, C2 ! stop,
    ok.

%% ask the counter until it has seen Want messages (bounded)
poll_count(C, Want, Tries) ->
    C ! {count_please, self()},
    receive
        {count, Want, _} -> Want;
        {count, Other, _} when Tries =:= 0 -> {gave_up, Other};
        {count, _, _} ->
            receive after 5 -> ok end,
            poll_count(C, Want, Tries - 1)
    end.

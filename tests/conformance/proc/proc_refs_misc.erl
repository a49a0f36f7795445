-module(proc_refs_misc).
-export([main/0, sleeper/1]).

id(X) -> X.

err(F) ->
    try F() catch C:R -> {C, R} end.

sleeper(Parent) ->
    Parent ! {woke, self(), receive M -> M end}.

main() ->
    Self = self(),
    %% make_ref: unique, usable as keys, survives messages
    Refs = [make_ref() || _ <- lists:seq(1, 1000)],
    io:format("unique refs: ~p~n", [length(lists:usort(Refs))]),
    Map = maps:from_list([{R, I} || {R, I} <- lists:zip(Refs, lists:seq(1, 1000))]),
    io:format("refs as map keys: ~p~n", [maps:get(lists:nth(500, Refs), Map)]),
    R1 = make_ref(),
    spawn(fun() -> Self ! {back, R1, make_ref()} end),
    receive {back, R1b, Other} ->
        io:format("ref round trip: ~p, child ref differs: ~p, is ref: ~p~n", [R1b =:= R1, Other =/= R1, is_reference(Other)])
    end,
    %% pids and refs in ordered and hashed containers
    Pids = [spawn(fun() -> ok end) || _ <- lists:seq(1, 10)],
    io:format("pids sort stable: ~p~n", [lists:sort(Pids) =:= lists:sort(lists:reverse(Pids))]),
    io:format("pids as map keys: ~p~n", [map_size(maps:from_list([{P, x} || P <- Pids]))]),
    io:format("term order ref < pid < tuple: ~p~n", [lists:sort([{}, self(), R1, 1, a]) =:= [1, a, R1, self(), {}]]),
    %% pid_to_list / list_to_pid round trip (the text itself is not printed)
    L = pid_to_list(self()),
    io:format("pid_to_list: starts with <: ~p, ends with >: ~p~n", [hd(L) =:= $<, lists:last(L) =:= $>]),
    io:format("list_to_pid round trip: ~p~n", [list_to_pid(L) =:= self()]),
    io:format("list_to_pid bad: ~p~n", [err(fun() -> list_to_pid(id("nope")) end)]),
    %% ref_to_list
    RL = ref_to_list(R1),
    io:format("ref_to_list prefix: ~p~n", [lists:prefix("#Ref<", RL)]),
    %% erlang:yield
    io:format("yield: ~p~n", [erlang:yield()]),
    %% processes/0 contains ourselves and live children
    Live = spawn(fun() -> receive stop -> ok end end),
    Ps = processes(),
    io:format("processes contains self: ~p, child: ~p~n", [lists:member(self(), Ps), lists:member(Live, Ps)]),
    io:format("processes are pids: ~p~n", [lists:all(fun is_pid/1, Ps)]),
    Ml = monitor(process, Live),
    Live ! stop,
    receive {'DOWN', Ml, _, _, _} -> ok end,
    io:format("dead child alive: ~p~n", [is_process_alive(Live)]),
    %% erlang:hibernate/3: the process continues in the given function on the next message
    H = spawn(fun() -> erlang:hibernate(?MODULE, sleeper, [Self]) end),
    wait_status(H, waiting, 500),
    H ! wake_up,
    receive {woke, H, Msg} -> io:format("hibernated process woke with: ~p~n", [Msg]) end,
    %% self() inside a fun is the process running it
    F = fun() -> self() end,
    spawn(fun() -> Self ! {fun_self, F() =:= self(), F() =/= Self} end),
    receive {fun_self, A, B} -> io:format("fun self in child: ~p ~p~n", [A, B]) end,
    io:format("fun self in parent: ~p~n", [F() =:= Self]),
    %% node of a pid
    io:format("node(self()): ~p, node(): ~p~n", [node(self()), node()]),
    io:format("node(ref): ~p~n", [node(R1) =:= node()]),
    ok.

wait_status(_P, _S, 0) -> false;
wait_status(P, S, N) ->
    case process_info(P, status) of
        {status, S} -> true;
        _ -> receive after 2 -> wait_status(P, S, N - 1) end
    end.

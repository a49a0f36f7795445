%% Stress test: many processes exchanging messages while some are killed.
%%
%%   girder run tests/stress/kill_storm.erl [N]      (default N = 100000)
%%   erlc kill_storm.erl && erl -noshell -run kill_storm main N   (OTP; see run.sh)
%%
%% Phase 1 (storm, N processes): N div 4 workers and the rest senders. Each
%% sender sends ?MSGS uniquely numbered messages to workers picked by a seeded
%% generator, then one `fin` to each distinct worker it used, then `done` to
%% the registered main process. While senders are being spawned, main kills
%% one worker in ten (exit(P, kill)), so kills race with sends. Every worker
%% and every sender is monitored (each sender must end with one 'DOWN'
%% `normal` after its `done`: sending to a dead pid must not crash it). At the end main asks every worker (dead or alive) for a
%% report; a worker answers once it has seen the `fin` of every sender that
%% targeted it (per-pair FIFO makes this sound: a sender's messages precede
%% its fin). Checks:
%%   - a killed worker gives exactly one 'DOWN' with reason `killed` and no
%%     report; sending to it never fails;
%%   - a surviving worker reports a map Id => Count equal to the set of ids
%%     sent to it, each exactly once, then exits: exactly one 'DOWN' `normal`.
%%   - no other message reaches main.
%% Phase 2 (links, about N div 5 processes): for each chain a trap_exit
%% watcher spawn_links the first member; each member spawn_links the next
%% and links to the watcher. Main then kills one member (kill), sends it an
%% exit signal with a custom reason, asks it to exit(crash) or asks it to
%% return normally. The watcher must get exactly one {'EXIT', Member, Reason}
%% per member with the expected reason (for `normal` the rest of the chain
%% must survive and is then stopped one by one).
%%
%% Random choices come from a small xorshift32 generator with a fixed seed
%% (independent of any library's algorithm), so they are the same under Girder and OTP.
%% The summary line only has counts fixed by the seed, never by timing.
%% Any violation is printed and the program halts with status 1.
-module(kill_storm).
-export([main/0, main/1]).

-define(MSGS, 5).            % messages per sender
-define(BATCH, 1000).        % senders spawned between two kill rounds
-define(WATCHDOG_MS, 100000).

main() -> main([]).

main([]) ->
    main(["100000"]);
main([NStr]) when is_list(NStr) ->
    N = list_to_integer(NStr),
    run(N);
main(Other) ->
    io:format("usage: kill_storm [N], got ~p~n", [Other]),
    erlang:halt(2).

run(N) when N >= 40 ->
    register(storm_main, self()),
    Watchdog = erlang:send_after(?WATCHDOG_MS, self(), watchdog),
    R0 = seed(),
    {R1, Storm} = storm(N, R0),
    {_R2, Links} = links(max(N div 5, 10), R1),
    _ = erlang:cancel_timer(Watchdog),
    Stray = drain([]),
    unregister(storm_main),
    Violations = lists:append([v(Storm), v(Links),
                               [{stray_messages, Stray} || Stray =/= []]]),
    case Violations of
        [] ->
            io:format("ok kill_storm workers=~b senders=~b killed=~b msgs=~b "
                      "checked=~b chains=~b chain_procs=~b exits=~b~n",
                      [get_(workers, Storm), get_(senders, Storm),
                       get_(killed, Storm), get_(msgs, Storm),
                       get_(checked, Storm), get_(chains, Links),
                       get_(chain_procs, Links), get_(exits, Links)]),
            erlang:halt(0);
        _ ->
            io:format("FAIL kill_storm: ~b violation(s)~n", [length(Violations)]),
            [io:format("  ~P~n", [V, 40]) || V <- lists:sublist(Violations, 30)],
            erlang:halt(1)
    end;
run(_) ->
    io:format("N must be at least 40~n"),
    erlang:halt(2).

v(Result) -> proplists:get_value(violations, Result, []).
get_(K, Result) -> proplists:get_value(K, Result).

timed_out(What) ->
    io:format("FAIL kill_storm: watchdog after ~b ms, ~p~n", [?WATCHDOG_MS, What]),
    erlang:halt(1).

drain(Acc) ->
    receive M -> drain([M | Acc]) after 200 -> lists:reverse(Acc) end.

%% --- deterministic generator (xorshift32; no dependency on rand) ---------

seed() -> 2463534242.

next(X0) ->
    X1 = X0 bxor ((X0 bsl 13) band 16#FFFFFFFF),
    X2 = X1 bxor (X1 bsr 17),
    (X2 bxor ((X2 bsl 5) band 16#FFFFFFFF)) band 16#FFFFFFFF.

%% {1..K, NewState}
uniform(K, X0) ->
    X = next(X0),
    {(X rem K) + 1, X}.

%% --- phase 1: the storm ----------------------------------------------------

worker(Idx) -> worker_loop(Idx, #{}, 0, none).

worker_loop(Idx, Seen, Fins, Pending) ->
    case Pending of
        {From, Need} when Fins =:= Need ->
            From ! {report, Idx, self(), Seen};   % then return: 'DOWN' normal
        _ ->
            receive
                {msg, Id} ->
                    worker_loop(Idx, maps:update_with(Id, fun(C) -> C + 1 end, 1, Seen),
                                Fins, Pending);
                fin ->
                    worker_loop(Idx, Seen, Fins + 1, Pending);
                {report_req, From, Need} when Pending =:= none ->
                    worker_loop(Idx, Seen, Fins, {From, Need})
            end
    end.

sender(SIdx, Plan, Targets) ->
    [Pid ! {msg, Id} || {Pid, Id} <- Plan],
    [Pid ! fin || Pid <- Targets],
    storm_main ! {done, SIdx}.

storm(N, R0) ->
    W = N div 4,
    S = N - W,
    ToKill = W div 10,
    Workers = list_to_tuple(
                [begin
                     {Pid, Ref} = spawn_monitor(fun() -> worker(I) end),
                     {Pid, Ref}
                 end || I <- lists:seq(1, W)]),
    Rounds = (S + ?BATCH - 1) div ?BATCH,
    %% Expected: worker index => [Id]; Fins: worker index => number of senders.
    St0 = #{r => R0, expected => #{}, fins => #{}, killed => #{}, next_sender => 1},
    St = lists:foldl(
           fun(Round, Acc) ->
                   Acc1 = spawn_senders(Round, S, W, Workers, Acc),
                   %% spread the kills over the rounds
                   Quota = (ToKill * Round) div Rounds - (ToKill * (Round - 1)) div Rounds,
                   kill_some(Quota, W, Workers, Acc1)
           end, St0, lists:seq(1, Rounds)),
    #{r := R1, expected := Expected, fins := Fins, killed := Killed} = St,
    %% Collect every `done` and the 'DOWN's that arrive meanwhile.
    WorkerRefs = maps:from_list([{element(2, element(I, Workers)), I} || I <- lists:seq(1, W)]),
    {Dones, Down1, Early} = collect_done(S, WorkerRefs, [], #{}, []),
    %% Ask every worker, dead or alive, for its report.
    [element(1, element(I, Workers)) ! {report_req, self(), maps:get(I, Fins, 0)}
     || I <- lists:seq(1, W)],
    {Downs, Reports, Other} = collect_reports(W, Down1, #{}, Early),
    Violations = [{senders_done, length(Dones), lists:usort(Dones) =:= lists:seq(1, S)}
                  || length(Dones) =/= S orelse lists:usort(Dones) =/= lists:seq(1, S)] ++
        check_storm(W, Workers, Killed, Expected, Downs, Reports) ++
        [{unexpected_message, M} || M <- Other],
    Checked = lists:sum([length(L) || {I, L} <- maps:to_list(Expected),
                                      not maps:is_key(I, Killed)]),
    {R1, [{workers, W}, {senders, S}, {killed, maps:size(Killed)},
          {msgs, S * ?MSGS}, {checked, Checked}, {violations, Violations}]}.

spawn_senders(Round, S, W, Workers, St = #{next_sender := First}) ->
    Last = min(S, Round * ?BATCH),
    lists:foldl(
      fun(SIdx, Acc = #{r := R, expected := Exp, fins := Fins}) ->
              {Targets, R1} = pick(?MSGS, W, R, []),
              Ids = [(SIdx - 1) * ?MSGS + J || J <- lists:seq(1, ?MSGS)],
              Pairs = lists:zip(Targets, Ids),
              Plan = [{element(1, element(T, Workers)), Id} || {T, Id} <- Pairs],
              Distinct = lists:usort(Targets),
              FinPids = [element(1, element(T, Workers)) || T <- Distinct],
              _ = spawn_monitor(fun() -> sender(SIdx, Plan, FinPids) end),
              Exp1 = lists:foldl(fun({T, Id}, E) ->
                                         maps:update_with(T, fun(L) -> [Id | L] end, [Id], E)
                                 end, Exp, Pairs),
              Fins1 = lists:foldl(fun(T, F) ->
                                          maps:update_with(T, fun(C) -> C + 1 end, 1, F)
                                  end, Fins, Distinct),
              Acc#{r := R1, expected := Exp1, fins := Fins1}
      end, St#{next_sender := Last + 1}, lists:seq(First, Last)).

pick(0, _W, R, Acc) -> {lists:reverse(Acc), R};
pick(K, W, R, Acc) ->
    {T, R1} = uniform(W, R),
    pick(K - 1, W, R1, [T | Acc]).

kill_some(0, _W, _Workers, St) -> St;
kill_some(K, W, Workers, St = #{r := R, killed := Killed}) ->
    {I, R1} = uniform(W, R),
    case maps:is_key(I, Killed) of
        true ->
            kill_some(K, W, Workers, St#{r := R1});
        false ->
            true = exit(element(1, element(I, Workers)), kill),
            kill_some(K - 1, W, Workers, St#{r := R1, killed := Killed#{I => true}})
    end.

%% Senders are monitored too: wait for the 'DOWN' of each of the S senders
%% (its `done` precedes it); keep the workers' 'DOWN's (Ref => [Reason]),
%% count the `done`s and keep anything else.
collect_done(0, _WorkerRefs, Dones, Downs, Other) -> {Dones, Downs, Other};
collect_done(S, WorkerRefs, Dones, Downs, Other) ->
    receive
        {done, SIdx} ->
            collect_done(S, WorkerRefs, [SIdx | Dones], Downs, Other);
        {'DOWN', Ref, process, _Pid, Reason} when is_map_key(Ref, WorkerRefs) ->
            collect_done(S, WorkerRefs, Dones, add_down(Ref, Reason, Downs), Other);
        {'DOWN', _Ref, process, _Pid, normal} ->
            collect_done(S - 1, WorkerRefs, Dones, Downs, Other);
        {'DOWN', _Ref, process, Pid, Reason} ->
            collect_done(S - 1, WorkerRefs, Dones, Downs, [{sender_died, Pid, Reason} | Other]);
        watchdog ->
            timed_out({waiting_for_senders, S});
        M ->
            collect_done(S, WorkerRefs, Dones, Downs, [M | Other])
    end.

add_down(Ref, Reason, Downs) ->
    maps:update_with(Ref, fun(L) -> [Reason | L] end, [Reason], Downs).

%% Until every worker has a 'DOWN'. A report always precedes its sender's
%% 'DOWN' (signal order from one process), so none is missed.
collect_reports(W, Downs, Reports, Other) ->
    case maps:size(Downs) >= W of
        true ->
            {Downs, Reports, lists:reverse(Other)};
        false ->
            receive
                {'DOWN', Ref, process, _Pid, Reason} ->
                    collect_reports(W, add_down(Ref, Reason, Downs), Reports, Other);
                {report, I, Pid, Seen} ->
                    Reports1 = maps:update_with(I, fun(L) -> [{Pid, Seen} | L] end,
                                                [{Pid, Seen}], Reports),
                    collect_reports(W, Downs, Reports1, Other);
                watchdog ->
                    timed_out({waiting_for_worker_downs, W - maps:size(Downs)});
                M ->
                    collect_reports(W, Downs, Reports, [M | Other])
            end
    end.

check_storm(W, Workers, Killed, Expected, Downs, Reports) ->
    lists:append(
      [check_worker(I, element(I, Workers), maps:is_key(I, Killed),
                    lists:sort(maps:get(I, Expected, [])),
                    maps:get(element(2, element(I, Workers)), Downs, []),
                    maps:get(I, Reports, []))
       || I <- lists:seq(1, W)]).

check_worker(I, {Pid, _Ref}, true, _Exp, Downs, Reports) ->
    [{killed_worker_down, I, Downs} || Downs =/= [killed]] ++
    [{killed_worker_reported, I, length(Reports)} || Reports =/= []] ++
    [{killed_worker_alive, I} || erlang:is_process_alive(Pid)] ++
    [{killed_worker_process_info, I} || erlang:process_info(Pid) =/= undefined];
check_worker(I, {Pid, _Ref}, false, Exp, Downs, Reports) ->
    [{worker_down, I, Downs} || Downs =/= [normal]] ++
    [{worker_alive_after_down, I} || erlang:is_process_alive(Pid)] ++
    case Reports of
        [{Pid, Seen}] ->
            Got = lists:sort(maps:keys(Seen)),
            Dups = [{Id, C} || {Id, C} <- maps:to_list(Seen), C =/= 1],
            [{duplicates, I, Dups} || Dups =/= []] ++
            [{lost, I, Exp -- Got} || Exp -- Got =/= []] ++
            [{unexpected_ids, I, Got -- Exp} || Got -- Exp =/= []];
        _ ->
            [{worker_reports, I, length(Reports)}]
    end.

%% --- phase 2: links ----------------------------------------------------------

%% Modes: kill (exit(P, kill): everyone gets `killed`), signal (exit(P,
%% storm_signal)), crash (the member calls exit(member_crash)), normal (the
%% member returns; nothing propagates).
links(Budget, R0) ->
    Self = self(),
    {Chains, R1} = plan_chains(Budget, R0, 1, []),
    Mons = maps:from_list(
             [begin
                  {_Pid, Ref} = spawn_monitor(fun() -> watcher(Self, C, Len, Mode, K) end),
                  {Ref, C}
              end || {C, Len, Mode, K} <- Chains]),
    Results = links_loop(maps:size(Mons), Mons, #{}, []),
    {Violations, Exits} = check_links(Chains, Results),
    Procs = lists:sum([Len + 1 || {_, Len, _, _} <- Chains]),
    {R1, [{chains, length(Chains)}, {chain_procs, Procs}, {exits, Exits},
          {violations, Violations}]}.

plan_chains(Budget, R, _C, Acc) when Budget =< 0 -> {lists:reverse(Acc), R};
plan_chains(Budget, R0, C, Acc) ->
    {Len, R1} = uniform(40, R0),
    {M, R2} = uniform(4, R1),
    {K, R3} = uniform(Len, R2),
    Mode = element(M, {kill, signal, crash, normal}),
    plan_chains(Budget - Len - 1, R3, C + 1, [{C, Len, Mode, K} | Acc]).

links_loop(0, _Mons, Results, Other) -> {Results, lists:reverse(Other)};
links_loop(Left, Mons, Results, Other) ->
    receive
        {chain_ready, _C, Mode, Target} ->
            case Mode of
                kill -> exit(Target, kill);
                signal -> exit(Target, storm_signal);
                crash -> Target ! crash;
                normal -> Target ! stop
            end,
            links_loop(Left, Mons, Results, Other);
        {chain_result, C, Res} ->
            links_loop(Left, Mons, maps:update_with(C, fun(L) -> [Res | L] end, [Res], Results),
                       Other);
        {'DOWN', Ref, process, _, Reason} when is_map_key(Ref, Mons) ->
            C = maps:get(Ref, Mons),
            R1 = case Reason of
                     normal -> Results;
                     _ -> maps:update_with(C, fun(L) -> [{watcher_died, Reason} | L] end,
                                           [{watcher_died, Reason}], Results)
                 end,
            links_loop(Left - 1, maps:remove(Ref, Mons), R1, Other);
        watchdog ->
            timed_out({waiting_for_chains, Left, maps:size(Results)});
        M ->
            links_loop(Left, Mons, Results, [M | Other])
    end.

check_links(Chains, {Results, Other}) ->
    Vs = [{unexpected_message, M} || M <- Other] ++
        lists:append([case maps:get(C, Results, []) of
                          [{ok, Len}] -> [];
                          Bad -> [{chain, C, Len, Mode, K, Bad}]
                      end || {C, Len, Mode, K} <- Chains]),
    {Vs, lists:sum([Len || {_, Len, _, _} <- Chains])}.

watcher(Main, C, Len, Mode, K) ->
    process_flag(trap_exit, true),
    Self = self(),
    First = spawn_link(fun() -> member(Self, 1, Len) end),
    Members = wait_ready(Len, #{}),
    Ordered = [maps:get(I, Members) || I <- lists:seq(1, Len)],
    First = hd(Ordered),
    Target = lists:nth(K, Ordered),
    Main ! {chain_ready, C, Mode, Target},
    Expected = case Mode of
                   kill -> killed;
                   signal -> storm_signal;
                   crash -> member_crash;
                   normal -> normal
               end,
    Problems =
        case Mode of
            normal ->
                %% Only Target exits; the others must stay alive.
                P1 = collect_exits(1, #{}),
                Alive = [P || P <- Ordered, P =/= Target, not erlang:is_process_alive(P)],
                [P ! stop || P <- Ordered, P =/= Target],
                P2 = collect_exits(Len - 1, P1),
                [{died_after_normal_exit, length(Alive)} || Alive =/= []] ++
                    check_exits(Ordered, Expected, P2);
            _ ->
                check_exits(Ordered, Expected, collect_exits(Len, #{}))
        end,
    Extra = receive X -> [{extra, X}] after 20 -> [] end,
    Main ! {chain_result, C, case Problems ++ Extra of
                                 [] -> {ok, Len};
                                 Ps -> {bad, Ps}
                             end}.

wait_ready(0, Acc) -> Acc;
wait_ready(N, Acc) ->
    receive {ready, I, Pid} -> wait_ready(N - 1, Acc#{I => Pid}) end.

%% Exactly one {'EXIT', P, _} per member: keep every one.
collect_exits(0, Acc) -> Acc;
collect_exits(N, Acc) ->
    receive
        {'EXIT', P, Reason} ->
            collect_exits(N - 1, maps:update_with(P, fun(L) -> [Reason | L] end, [Reason], Acc))
    end.

check_exits(Ordered, Expected, Got) ->
    [{exits, Pos, maps:get(P, Got, [])}
     || {Pos, P} <- lists:zip(lists:seq(1, length(Ordered)), Ordered),
        maps:get(P, Got, []) =/= [Expected]] ++
    [{exit_from_stranger, P} || P <- maps:keys(Got), not lists:member(P, Ordered)].

member(Watcher, I, Len) ->
    case I of
        1 -> ok;                      % already linked to the watcher (spawn_link)
        _ -> true = link(Watcher)
    end,
    case I < Len of
        true -> spawn_link(fun() -> member(Watcher, I + 1, Len) end);
        false -> ok
    end,
    Watcher ! {ready, I, self()},
    member_loop().

member_loop() ->
    receive
        crash -> exit(member_crash);
        stop -> ok
    end.

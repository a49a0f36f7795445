-module(proc_pmap).
-export([main/0]).

%% Parallel map: one process per element, results collected in order by pid.
pmap(F, L) ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), F(X)} end) || X <- L],
    [receive {P, R} -> R end || P <- Pids].

%% Parallel map that survives crashes: results are {ok, V} or {error, Class, Reason}.
pmap_safe(F, L) ->
    Self = self(),
    Pids = [spawn(fun() ->
                      Self ! {self(), try {ok, F(X)} catch C:R -> {error, C, R} end}
                  end) || X <- L],
    [receive {P, R} -> R end || P <- Pids].

%% Parallel map with monitors: results are {ok, V} or {down, Reason}.
pmap_mon(F, L) ->
    Self = self(),
    Pms = [spawn_monitor(fun() -> Self ! {self(), F(X)} end) || X <- L],
    [receive
         {P, R} -> receive {'DOWN', M, process, P, normal} -> {ok, R} end;
         {'DOWN', M, process, P, Why} -> {down, Why}
     end || {P, M} <- Pms].

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

main() ->
    io:format("squares: ~p~n", [pmap(fun(X) -> X * X end, lists:seq(1, 20))]),
    io:format("fibs: ~p~n", [pmap(fun fib/1, lists:seq(0, 20))]),
    io:format("empty: ~p~n", [pmap(fun(X) -> X end, [])]),
    %% results keep input order even when later elements finish first
    Sleepy = fun(X) -> receive after (5 - X) * 4 -> X end end,
    io:format("order kept: ~p~n", [pmap(Sleepy, lists:seq(1, 5))]),
    %% nested pmap
    io:format("nested: ~p~n", [pmap(fun(X) -> lists:sum(pmap(fun(Y) -> X * Y end, lists:seq(1, X))) end,
                                    lists:seq(1, 6))]),
    %% big results
    Lens = pmap(fun(N) -> length(lists:seq(1, N)) end, [10, 1000, 100000]),
    io:format("lengths: ~p~n", [Lens]),
    %% errors inside workers are caught per element
    io:format("safe: ~p~n", [pmap_safe(fun(X) -> 10 div X end, [5, 0, 2, atom])]),
    %% with monitors an exit is reported
    io:format("monitored: ~p~n", [pmap_mon(fun(X) when X > 2 -> exit({too_big, X}); (X) -> X end, [1, 2, 3, 4])]),
    %% many elements
    Sum = lists:sum(pmap(fun(X) -> X * 2 end, lists:seq(1, 2000))),
    io:format("2000 elements doubled sum: ~p~n", [Sum]),
    %% string work in parallel
    io:format("strings: ~p~n", [pmap(fun string:uppercase/1, ["alpha", "beta", "gamma"])]),
    io:format("mailbox empty: ~p~n", [process_info(self(), message_queue_len)]),
    ok.

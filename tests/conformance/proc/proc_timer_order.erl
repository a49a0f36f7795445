-module(proc_timer_order).
-export([main/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

collect(0, Acc) -> lists:reverse(Acc);
collect(N, Acc) -> receive {tmo, X} -> collect(N - 1, [X | Acc]) end.

main() ->
    %% timers started out of order arrive in deadline order
    [erlang:send_after(T, self(), {tmo, T}) || T <- [150, 50, 100, 0]],
    io:format("deadline order: ~p~n", [collect(4, [])]),
    %% the same with start_timer, messages carry their own refs
    Refs = [{erlang:start_timer(T, self(), T), T} || T <- [110, 10, 60]],
    Order = [receive {timeout, R, M} -> {lists:keyfind(R, 1, Refs) =/= false, M} end || _ <- Refs],
    io:format("start_timer order: ~p~n", [Order]),
    %% timer:sleep/1
    io:format("timer:sleep returns: ~p~n", [timer:sleep(10)]),
    io:format("timer:sleep(0): ~p~n", [timer:sleep(0)]),
    io:format("timer:sleep(-1): ~p~n", [err(fun() -> timer:sleep(-1) end)]),
    io:format("timer:sleep(atom): ~p~n", [err(fun() -> timer:sleep(soon) end)]),
    %% timer:sleep does not consume messages
    self() ! kept,
    timer:sleep(5),
    io:format("message kept across sleep: ~p~n", [receive kept -> yes after 0 -> no end]),
    %% receive ... after as a sleep, also keeps messages
    self() ! kept2,
    receive after 5 -> ok end,
    io:format("message kept across receive-after: ~p~n", [receive kept2 -> yes after 0 -> no end]),
    %% a timer message arrives during a sleep and waits in the queue
    erlang:send_after(5, self(), during_sleep),
    timer:sleep(40),
    io:format("arrived during sleep: ~p~n", [receive during_sleep -> yes after 5000 -> no end]),
    %% a blocking receive with a long after returns as soon as the timer fires
    erlang:send_after(10, self(), wake),
    io:format("woken: ~p~n", [receive wake -> woken after 10000 -> timed_out end]),
    %% a short after expires before a long timer
    Rl = erlang:send_after(5000, self(), long),
    io:format("short wait: ~p~n", [receive long -> early after 10 -> timeout end]),
    erlang:cancel_timer(Rl),
    %% timers from several processes to one collector, each process sends after its own delay;
    %% the collector only counts them
    Self = self(),
    [spawn(fun() -> erlang:send_after(I, Self, {tmo, I}) end) || I <- lists:seq(1, 20)],
    Got = collect(20, []),
    io:format("20 timers from 20 processes: ~p~n", [lists:sort(Got) =:= lists:seq(1, 20)]),
    %% a chain: each timer message starts the next timer
    erlang:send_after(1, self(), {step, 1}),
    Steps = fun S(Acc) ->
                receive
                    {step, 5} -> lists:reverse([5 | Acc]);
                    {step, N} -> erlang:send_after(1, self(), {step, N + 1}), S([N | Acc])
                end
            end,
    io:format("chained timers: ~p~n", [Steps([])]),
    ok.

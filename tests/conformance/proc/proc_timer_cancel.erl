-module(proc_timer_cancel).
-export([main/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

%% the timer of a dead target disappears (poll, bounded)
poll_gone(_R, 0) -> false;
poll_gone(R, N) ->
    case erlang:read_timer(R) of
        false -> true;
        _ -> receive after 5 -> poll_gone(R, N - 1) end
    end.

main() ->
    %% cancel before it fires: the remaining time in ms
    R1 = erlang:send_after(10000, self(), never),
    Left = erlang:cancel_timer(R1),
    io:format("cancel returns integer: ~p, in range: ~p~n", [is_integer(Left), Left >= 0 andalso Left =< 10000]),
    io:format("close to 10000: ~p~n", [Left > 5000]),
    io:format("message never arrives: ~p~n", [receive never -> arrived after 30 -> none end]),
    %% cancelling again: false
    io:format("cancel again: ~p~n", [erlang:cancel_timer(R1)]),
    %% cancel after it fired: false, message is in the queue
    R2 = erlang:send_after(5, self(), fired),
    receive fired -> ok end,
    io:format("cancel after fire: ~p~n", [erlang:cancel_timer(R2)]),
    R2b = erlang:send_after(5, self(), fired_b),
    timer:sleep(50),
    io:format("cancel after fire, unread: ~p~n", [erlang:cancel_timer(R2b)]),
    io:format("message still delivered: ~p~n", [receive fired_b -> yes after 5000 -> no end]),
    %% read_timer
    R3 = erlang:start_timer(10000, self(), later),
    T3 = erlang:read_timer(R3),
    io:format("read_timer integer: ~p, in range: ~p~n", [is_integer(T3), T3 > 5000 andalso T3 =< 10000]),
    T3b = erlang:read_timer(R3),
    io:format("time decreases or stays: ~p~n", [T3b =< T3]),
    io:format("cancel start_timer: ~p~n", [is_integer(erlang:cancel_timer(R3))]),
    io:format("read after cancel: ~p~n", [erlang:read_timer(R3)]),
    R4 = erlang:send_after(5, self(), r4),
    receive r4 -> ok end,
    io:format("read after fire: ~p~n", [erlang:read_timer(R4)]),
    %% unknown refs
    io:format("cancel unknown ref: ~p~n", [erlang:cancel_timer(make_ref())]),
    io:format("read unknown ref: ~p~n", [erlang:read_timer(make_ref())]),
    %% bad arguments
    io:format("cancel atom: ~p~n", [err(fun() -> erlang:cancel_timer(foo) end)]),
    io:format("read atom: ~p~n", [err(fun() -> erlang:read_timer(self()) end)]),
    %% cancel_timer/2 with options
    R5 = erlang:send_after(10000, self(), x),
    io:format("cancel_timer/2 info false: ~p~n", [erlang:cancel_timer(R5, [{async, false}, {info, false}])]),
    R6 = erlang:send_after(10000, self(), x),
    io:format("cancel_timer/2 info true: ~p~n", [is_integer(erlang:cancel_timer(R6, [{info, true}]))]),
    io:format("cancel_timer/2 already cancelled: ~p~n", [erlang:cancel_timer(R6, [])]),
    %% cancelling one of several timers
    Refs = [{N, erlang:send_after(200 + N, self(), {t, N})} || N <- lists:seq(1, 5)],
    {3, Ref3} = lists:keyfind(3, 1, Refs),
    io:format("cancel one of five: ~p~n", [is_integer(erlang:cancel_timer(Ref3))]),
    Got = lists:sort([receive {t, N} -> N end || _ <- lists:seq(1, 4)]),
    io:format("received: ~p~n", [Got]),
    io:format("cancelled one absent: ~p~n", [receive {t, 3} -> present after 40 -> absent end]),
    %% a timer set by a process that then dies is cancelled with it
    Self = self(),
    {P, M} = spawn_monitor(fun() -> erlang:send_after(20, Self, from_dead_owner) end),
    receive {'DOWN', M, process, P, _} -> ok end,
    io:format("timer of dead owner (pid dest) still fires: ~p~n",
              [receive from_dead_owner -> yes after 5000 -> no end]),
    %% a timer targeting a pid is cancelled when the target dies
    Target = spawn(fun() -> receive _ -> ok end end),
    Rt = erlang:send_after(10000, Target, x),
    exit(Target, kill),
    Mt = monitor(process, Target),
    receive {'DOWN', Mt, _, _, _} -> ok end,
    io:format("timer to dead target is cancelled: ~p~n", [poll_gone(Rt, 200)]),
    ok.

-module(proc_timer_send_after).
-export([main/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

main() ->
    Self = self(),
    %% send_after to self
    %% a long timer has certainly not fired yet
    R0 = erlang:send_after(5000, self(), tock),
    io:format("not there yet: ~p~n", [receive tock -> arrived after 0 -> not_yet end]),
    erlang:cancel_timer(R0),
    R1 = erlang:send_after(20, self(), tick),
    io:format("send_after returns ref: ~p~n", [is_reference(R1)]),
    io:format("later: ~p~n", [receive tick -> arrived after 5000 -> lost end]),
    %% exactly one message
    io:format("only once: ~p~n", [receive tick -> twice after 40 -> once end]),
    %% send_after to another pid
    P = spawn(fun() -> receive M -> Self ! {forwarded, M} end end),
    erlang:send_after(10, P, {timer_msg, 1}),
    receive {forwarded, FM} -> io:format("other pid got: ~p~n", [FM]) end,
    %% send_after to a registered name (resolved when the timer fires)
    Q = spawn(fun() -> receive M -> Self ! {named_got, M} end end),
    register(ptsa_named, Q),
    erlang:send_after(10, ptsa_named, via_name),
    receive {named_got, NM} -> io:format("registered name got: ~p~n", [NM]) end,
    %% name registered only after the timer was started
    erlang:send_after(200, ptsa_late, late_name),
    Q2 = spawn(fun() -> receive M -> Self ! {late_got, M} end end),
    register(ptsa_late, Q2),
    receive {late_got, LM} -> io:format("name registered later got: ~p~n", [LM])
    after 5000 -> io:format("name registered later: lost~n")
    end,
    %% a name that never exists: no error anywhere
    Rn = erlang:send_after(5, ptsa_nobody, lost),
    io:format("timer to unknown name returns ref: ~p~n", [is_reference(Rn)]),
    %% a dead pid: accepted too
    {Dead, Md} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', Md, _, _, _} -> ok end,
    io:format("timer to dead pid returns ref: ~p~n", [is_reference(erlang:send_after(5, Dead, lost))]),
    %% zero timeout
    erlang:send_after(0, self(), zero),
    io:format("zero timeout: ~p~n", [receive zero -> ok after 5000 -> lost end]),
    %% the message is the exact term
    Big = {lists:seq(1, 50), #{a => <<"bin">>}, 3.25, self()},
    erlang:send_after(5, self(), Big),
    receive Got -> io:format("exact term: ~p~n", [Got =:= Big]) end,
    %% start_timer: {timeout, Ref, Msg}
    R2 = erlang:start_timer(10, self(), hello),
    io:format("start_timer returns ref: ~p~n", [is_reference(R2)]),
    receive {timeout, R2, Msg2} -> io:format("start_timer message: ~p~n", [Msg2]) end,
    %% start_timer to a registered name
    Q3 = spawn(fun() -> receive {timeout, TR, M} -> Self ! {q3, is_reference(TR), M} end end),
    register(ptsa_q3, Q3),
    R3 = erlang:start_timer(10, ptsa_q3, for_q3),
    receive {q3, IsRef, M3} -> io:format("start_timer to name: ~p ~p ~p~n", [IsRef, M3, is_reference(R3)]) end,
    %% timers and a receive that waits for something else
    erlang:send_after(10, self(), first),
    erlang:send_after(100, self(), second),
    receive second -> ok end,
    io:format("first is queued before second was received: ~p~n", [receive first -> yes after 0 -> no end]),
    %% bad arguments
    io:format("negative time: ~p~n", [err(fun() -> erlang:send_after(-1, self(), x) end)]),
    io:format("float time: ~p~n", [err(fun() -> erlang:send_after(1.0, self(), x) end)]),
    io:format("atom time: ~p~n", [err(fun() -> erlang:send_after(infinity, self(), x) end)]),
    io:format("bad dest: ~p~n", [err(fun() -> erlang:send_after(10, 123, x) end)]),
    io:format("bad dest tuple: ~p~n", [err(fun() -> erlang:send_after(10, {name, node()}, x) end)]),
    io:format("start_timer bad dest: ~p~n", [err(fun() -> erlang:start_timer(10, "x", x) end)]),
    ok.

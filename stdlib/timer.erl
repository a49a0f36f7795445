%% timer: sleeping, delayed messages and timing, on top of the VM's timer
%% wheel (erlang:send_after/3 and receive ... after). OTP runs a timer
%% server process; Girder needs none, so a timer reference here is
%% {send_local, Ref} or {apply, Pid} rather than OTP's opaque tuple.
-module(timer).
-export([sleep/1, send_after/2, send_after/3, exit_after/2, exit_after/3,
         kill_after/1, kill_after/2, apply_after/4, send_interval/2, send_interval/3,
         apply_interval/4, cancel/1, tc/1, tc/2, tc/3,
         seconds/1, minutes/1, hours/1, hms/3, now_diff/2]).

sleep(T) ->
    receive after T -> ok end.

send_after(Time, Msg) -> send_after(Time, self(), Msg).

send_after(Time, Dest, Msg) when is_integer(Time), Time >= 0 ->
    {ok, {send_local, erlang:send_after(Time, Dest, Msg)}};
send_after(_Time, _Dest, _Msg) ->
    {error, badarg}.

exit_after(Time, Reason) -> exit_after(Time, self(), Reason).

exit_after(Time, Pid, Reason) ->
    apply_after(Time, erlang, exit, [Pid, Reason]).

kill_after(Time) -> exit_after(Time, self(), kill).
kill_after(Time, Pid) -> exit_after(Time, Pid, kill).

apply_after(Time, M, F, A) when is_integer(Time), Time >= 0, is_atom(M), is_atom(F), is_list(A) ->
    Pid = spawn(fun() ->
                        receive
                            cancel -> ok
                        after Time -> apply(M, F, A)
                        end
                end),
    {ok, {apply, Pid}};
apply_after(_Time, _M, _F, _A) ->
    {error, badarg}.

send_interval(Time, Msg) -> send_interval(Time, self(), Msg).

send_interval(Time, Dest, Msg) when is_integer(Time), Time >= 0 ->
    apply_interval(Time, erlang, send, [Dest, Msg]);
send_interval(_Time, _Dest, _Msg) ->
    {error, badarg}.

apply_interval(Time, M, F, A) when is_integer(Time), Time >= 0, is_atom(M), is_atom(F), is_list(A) ->
    Owner = self(),
    Pid = spawn(fun() ->
                        Ref = erlang:monitor(process, Owner),
                        interval_loop(Time, Ref, M, F, A)
                end),
    {ok, {apply, Pid}};
apply_interval(_Time, _M, _F, _A) ->
    {error, badarg}.

interval_loop(Time, Ref, M, F, A) ->
    receive
        cancel -> ok;
        {'DOWN', Ref, process, _, _} -> ok
    after Time ->
            apply(M, F, A),
            interval_loop(Time, Ref, M, F, A)
    end.

cancel({send_local, Ref}) ->
    _ = erlang:cancel_timer(Ref),
    {ok, cancel};
cancel({apply, Pid}) when is_pid(Pid) ->
    Pid ! cancel,
    {ok, cancel};
cancel(_) ->
    {error, badarg}.

tc(F) ->
    T0 = erlang:monotonic_time(microsecond),
    V = F(),
    {erlang:monotonic_time(microsecond) - T0, V}.

tc(F, A) ->
    T0 = erlang:monotonic_time(microsecond),
    V = apply(F, A),
    {erlang:monotonic_time(microsecond) - T0, V}.

tc(M, F, A) ->
    T0 = erlang:monotonic_time(microsecond),
    V = apply(M, F, A),
    {erlang:monotonic_time(microsecond) - T0, V}.

seconds(S) -> 1000 * S.
minutes(M) -> 60000 * M.
hours(H) -> 3600000 * H.
hms(H, M, S) -> hours(H) + minutes(M) + seconds(S).

now_diff({A2, B2, C2}, {A1, B1, C1}) ->
    ((A2 - A1) * 1000000 + B2 - B1) * 1000000 + C2 - C1.

%% Stress test: reload a module again and again while many processes call it.
%%
%%   girder run tests/stress/reload_storm.erl [Reloads Procs Functions]
%%   (defaults 200 2000 100; the issue's bar: 1000 10000 1000)
%%
%% A generated module rs_target with Functions functions f0..f(F-1), each
%% fK(I) -> {Version, K + I}. Procs callers loop calling
%% rs_target:fK(I) for K = I rem F, checking the sum each time (the version
%% may be either); they never run rs_target code between calls, so a soft
%% purge can always succeed soon. The reloader alternates two compiled
%% versions: soft_purge until it succeeds (a caller may be inside a call of
%% the old version for a moment), then code:load_binary/3. When it is done
%% the callers stop and report their call counts and their longest gap
%% between two consecutive calls (the stall a reload caused them).
%% Prints: "ok", the totals, the stall p99 and max in microseconds, and
%% (Girder only) the VM's RSS after the first and after the last reload.
-module(reload_storm).
-export([main/0, main/1]).

main() -> main([]).

main(Args) ->
    [Reloads, Procs, Functions] =
        case Args of
            [A, B, C | _] -> [list_to_integer(X) || X <- [A, B, C]];
            _ -> [200, 2000, 100]
        end,
    Dir = "/tmp/girder_reload_storm_" ++ integer_to_list(erlang:system_time(microsecond)),
    ok = file:make_dir(Dir),
    Bins = [compile_version(Dir, V, Functions) || V <- [1, 2]],
    {module, rs_target} = code:load_binary(rs_target, "rs_target.erl", hd(Bins)),
    Main = self(),
    Names = list_to_tuple([list_to_atom("f" ++ integer_to_list(K)) || K <- lists:seq(0, Functions - 1)]),
    Callers = [spawn(fun() -> caller(Main, Names, I, 0, 0, now_us()) end) || I <- lists:seq(1, Procs)],
    T0 = now_us(),
    Rss1 = reload(1, Reloads, Bins, undefined),
    T1 = now_us(),
    Rss2 = rss(),
    [P ! stop || P <- Callers],
    Results = [receive {done, P, Calls, Gap, Bad} -> {Calls, Gap, Bad} end || P <- Callers],
    Calls = lists:sum([C || {C, _, _} <- Results]),
    Bad = lists:sum([B || {_, _, B} <- Results]),
    Gaps = lists:sort([G || {_, G, _} <- Results]),
    P99 = lists:nth(max(1, (length(Gaps) * 99) div 100), Gaps),
    Max = lists:last(Gaps),
    [ok = file:delete(filename:join(Dir, F)) || F <- element(2, file:list_dir(Dir))],
    ok = file:del_dir(Dir),
    case Bad of
        0 -> io:format("ok~n");
        _ -> io:format("FAILED: ~p wrong results~n", [Bad])
    end,
    io:format("reloads ~p callers ~p functions ~p calls ~p in ~p ms~n",
              [Reloads, Procs, Functions, Calls, (T1 - T0) div 1000]),
    io:format("stall_us p99 ~p max ~p~n", [P99, Max]),
    io:format("rss_kb after first reload ~p after last ~p~n", [Rss1, Rss2]).

now_us() -> erlang:monotonic_time(microsecond).

compile_version(Dir, V, Functions) ->
    File = Dir ++ "/rs_target.erl",
    Src = ["-module(rs_target).\n-compile(export_all).\n-compile(nowarn_export_all).\n",
           [io_lib:format("f~w(I) -> {~w, ~w + I}.~n", [K, V, K]) || K <- lists:seq(0, Functions - 1)]],
    ok = file:write_file(File, Src),
    {ok, rs_target, Bin} = compile:file(File, [binary]),
    Bin.

reload(N, Reloads, _Bins, Rss) when N > Reloads -> Rss;
reload(N, Reloads, Bins, Rss) ->
    soft_purge(),
    Bin = lists:nth(1 + N rem 2, Bins),
    {module, rs_target} = code:load_binary(rs_target, "rs_target.erl", Bin),
    reload(N + 1, Reloads, Bins, case N of 1 -> rss(); _ -> Rss end).

soft_purge() ->
    case code:soft_purge(rs_target) of
        true -> ok;
        false -> erlang:yield(), soft_purge()
    end.

caller(Main, Names, I, Calls, Gap, Last) ->
    receive
        stop -> Main ! {done, self(), Calls, Gap, 0}
    after 0 ->
        K = I rem tuple_size(Names),
        Bad = case rs_target:(element(K + 1, Names))(I) of
                  {V, S} when (V =:= 1 orelse V =:= 2), S =:= K + I -> 0;
                  _ -> 1
              end,
        Now = now_us(),
        case Bad of
            0 -> caller(Main, Names, I + 1, Calls + 1, max(Gap, Now - Last), Now);
            _ -> receive stop -> Main ! {done, self(), Calls, Gap, 1} end
        end
    end.

%% Resident set size in kB (Linux; 0 where /proc is not there).
rss() ->
    case file:read_file("/proc/self/status") of
        {ok, Status} ->
            case [L || L <- binary:split(Status, <<"\n">>, [global]), binary:part(L, 0, min(6, byte_size(L))) =:= <<"VmRSS:">>] of
                [Line] -> list_to_integer(lists:filter(fun(C) -> C >= $0 andalso C =< $9 end, binary_to_list(Line)));
                _ -> 0
            end;
        _ -> 0
    end.

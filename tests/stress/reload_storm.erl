%% Stress test: reload a module again and again while many processes call it.
%%
%%   girder run tests/stress/reload_storm.erl [Reloads Procs Functions [PeriodMs]]
%%   (defaults 200 2000 100 100; the issue's bar: 1000 10000 1000)
%%
%% A generated module rs_target with Functions functions f0..f(F-1), each
%% fK(I) -> {Version, K + I}. Procs callers each wake every PeriodMs (their
%% phases spread over the period) and make a burst of 5 calls
%% rs_target:fK(I), one to each of their 5 functions, checking every
%% result (the version may be either).
%% A caller's stall at a wake-up is how late its burst finished against when
%% the wake-up was due: timer lateness, time waiting for a scheduler, time
%% held by a purge's scan, the calls themselves. Each caller keeps its
%% longest; a reload that held schedulers or processes shows up there.
%% The callers run for two seconds before the first reload (their heaps
%% reach their working size; stalls count from the second second), and the RSS is read after the first reload
%% and after the last: old code's memory must come back.
%%
%% The reloader alternates two compiled versions: soft_purge until it
%% succeeds (a caller may be inside a call of the old version for a
%% moment), then code:load_binary/3.
%% Prints: "ok", the totals, the stall p99 and max in microseconds over the
%% callers, the reload times, and the VM's RSS after the first and after the
%% last reload (Linux).
-module(reload_storm).
-export([main/0, main/1]).

-define(BURST, 5).

main() -> main([]).

main(Args) ->
    [Reloads, Procs, Functions, Period] =
        case Args of
            [A, B, C, D | _] -> [list_to_integer(X) || X <- [A, B, C, D]];
            [A, B, C | _] -> [list_to_integer(X) || X <- [A, B, C]] ++ [100];
            _ -> [200, 2000, 100, 100]
        end,
    Dir = "/tmp/girder_reload_storm_" ++ os:getpid() ++ "_" ++ integer_to_list(erlang:system_time(microsecond)),
    ok = file:make_dir(Dir),
    Bins = [compile_version(Dir, V, Functions) || V <- [1, 2]],
    {module, rs_target} = code:load_binary(rs_target, "rs_target.erl", hd(Bins)),
    Main = self(),
    Names = list_to_tuple([list_to_atom("f" ++ integer_to_list(K)) || K <- lists:seq(0, Functions - 1)]),
    Start = now_us(),
    %% Each caller calls its own ?BURST functions (together they cover
    %% them all), so no caller holds the whole name table.
    Callers = [begin
                   Mine = list_to_tuple([element(1 + (I * ?BURST + J) rem Functions, Names)
                                         || J <- lists:seq(0, ?BURST - 1)]),
                   spawn(fun() ->
                                 Due = Start + rand:uniform(Period * 1000),
                                 caller(Main, Mine, I, Period * 1000, Due, 0, 0, infinity)
                         end)
               end || I <- lists:seq(1, Procs)],
    %% Stalls count from a second after the last caller started.
    From = now_us() + 1000000,
    [P ! {measure_from, From} || P <- Callers],
    timer:sleep(2000),
    T0 = now_us(),
    {Rss1, Times} = reload(1, Reloads, Bins, undefined, []),
    T1 = now_us(),
    Rss2 = rss(),
    Heaps = lists:sum([M || P <- Callers, {memory, M} <- [process_info(P, memory)]]),
    [P ! stop || P <- Callers],
    Results = [receive {done, P, Calls, Stall, Bad} -> {Calls, Stall, Bad} end || P <- Callers],
    Calls = lists:sum([C || {C, _, _} <- Results]),
    Bad = lists:sum([B || {_, _, B} <- Results]),
    Stalls = lists:sort([S || {_, S, _} <- Results]),
    [ok = file:delete(filename:join(Dir, F)) || F <- element(2, file:list_dir(Dir))],
    ok = file:del_dir(Dir),
    case Bad of
        0 -> io:format("ok~n");
        _ -> io:format("FAILED: ~p wrong results~n", [Bad])
    end,
    io:format("reloads ~p callers ~p functions ~p period_ms ~p calls ~p in ~p ms~n",
              [Reloads, Procs, Functions, Period, Calls, (T1 - T0) div 1000]),
    io:format("stall_us p99 ~p max ~p~n", [percentile(Stalls, 99), lists:last(Stalls)]),
    Sorted = lists:sort(Times),
    io:format("reload_us median ~p p99 ~p max ~p~n",
              [percentile(Sorted, 50), percentile(Sorted, 99), lists:last(Sorted)]),
    {memory, Own} = process_info(self(), memory),
    io:format("rss_kb after first reload ~p after last ~p (callers' memory ~p kB, the reloader's ~p kB)~n",
              [Rss1, Rss2, Heaps div 1024, Own div 1024]),
    case catch girder:code_memory() of
        {Retired, Kept} when is_integer(Retired) -> io:format("retired versions ~p, kept literal areas ~p~n", [Retired, Kept]);
        _ -> ok
    end.

percentile(Sorted, P) -> lists:nth(max(1, (length(Sorted) * P) div 100), Sorted).

now_us() -> erlang:monotonic_time(microsecond).

compile_version(Dir, V, Functions) ->
    File = Dir ++ "/rs_target.erl",
    Src = ["-module(rs_target).\n-compile(export_all).\n-compile(nowarn_export_all).\n",
           [io_lib:format("f~w(I) -> {~w, ~w + I}.~n", [K, V, K]) || K <- lists:seq(0, Functions - 1)]],
    ok = file:write_file(File, Src),
    {ok, rs_target, Bin} = compile:file(File, [binary]),
    Bin.

reload(N, Reloads, _Bins, Rss, Times) when N > Reloads -> {Rss, Times};
reload(N, Reloads, Bins, Rss, Times) ->
    Begin = now_us(),
    soft_purge(),
    Bin = lists:nth(1 + N rem 2, Bins),
    {module, rs_target} = code:load_binary(rs_target, "rs_target.erl", Bin),
    Took = now_us() - Begin,
    reload(N + 1, Reloads, Bins, case N of 1 -> rss(); _ -> Rss end, [Took | Times]).

soft_purge() ->
    case code:soft_purge(rs_target) of
        true -> ok;
        false -> erlang:yield(), soft_purge()
    end.

%% Due: when this wake-up's burst should run (microseconds). Stalls of
%% wake-ups due before From (the warm-up) are not counted.
caller(Main, Names, I, Period, Due, Calls, Stall, From) ->
    Wait = max(0, (Due - now_us() + 999) div 1000),
    receive
        stop -> Main ! {done, self(), Calls, Stall, 0};
        {measure_from, T} -> caller(Main, Names, I, Period, Due, Calls, Stall, T)
    after Wait ->
        case burst(Names, I, ?BURST) of
            ok ->
                Late = case Due >= From of
                           true -> now_us() - Due;
                           false -> 0
                       end,
                caller(Main, Names, I + ?BURST, Period, Due + Period, Calls + ?BURST, max(Stall, Late), From);
            bad ->
                receive stop -> Main ! {done, self(), Calls, Stall, 1} end
        end
    end.

burst(_Names, _I, 0) -> ok;
burst(Names, I, N) ->
    Name = element(1 + I rem tuple_size(Names), Names),
    K = list_to_integer(tl(atom_to_list(Name))),
    case rs_target:Name(I) of
        {V, S} when (V =:= 1 orelse V =:= 2), S =:= K + I -> burst(Names, I + 1, N - 1);
        _ -> bad
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

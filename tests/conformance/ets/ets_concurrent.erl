-module(ets_concurrent).
-export([main/0]).

%% Several processes write one public table at once: inserts of disjoint
%% keys, update_counter on shared keys, insert_new races (exactly one
%% winner per key), deletes, and readers running alongside. Every result is
%% a sum or a count, so the output does not depend on the interleaving.
main() ->
    [run(Opts) || Opts <- [[set, public],
                           [set, public, {write_concurrency, true}],
                           [set, public, {read_concurrency, true}, {write_concurrency, true}],
                           [ordered_set, public, {write_concurrency, true}],
                           [bag, public, {write_concurrency, true}],
                           [duplicate_bag, public]]],
    ok.

run(Opts) ->
    T = ets:new(c, Opts),
    P = 6,
    N = 3000,
    par(P, fun(J) -> [ets:insert(T, {{J, I}, I}) || I <- lists:seq(1, N)], ok end),
    Size = ets:info(T, size),
    Counters = case lists:member(set, Opts) orelse lists:member(ordered_set, Opts) of
        true ->
            par(P, fun(_J) -> [ets:update_counter(T, {shared, I rem 10}, {2, 1}, {x, 0}) || I <- lists:seq(1, N)], ok end),
            lists:sort([{K, V} || {{shared, K}, V} <- ets:tab2list(T)]);
        false -> skipped
    end,
    Winners = par(P, fun(_J) -> length([I || I <- lists:seq(1, 500), ets:insert_new(T, {{race, I}, won})]) end),
    Readers = par(P, fun(J) ->
        case J rem 2 of
            0 -> lists:sum([length(ets:lookup(T, {J, I})) || I <- lists:seq(1, N)]);
            1 -> [ets:delete(T, {J, I}) || I <- lists:seq(1, N, 2)], 0
        end end),
    Final = ets:select_count(T, [{{{'$1', '_'}, '_'}, [{is_integer, '$1'}], [true]}]),
    io:format("~p: size ~p counters ~p winners ~p readers ~p final ~p~n",
              [hd(Opts), Size, Counters, lists:sum(Winners), lists:sum(Readers), Final]),
    ets:delete(T).

par(P, F) ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), F(J)} end) || J <- lists:seq(0, P - 1)],
    [receive {Pid, R} -> R end || Pid <- Pids].

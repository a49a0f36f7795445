%% Fixtures: setup, cleanup and instantiators of every arity, foreach and
%% foreachx, {with, ...}, nested fixtures, and the order things happen in
%% (kept by a log process, printed after each run).
-module(eunit_fixtures).
-export([main/0]).
-include_lib("eunit/include/eunit.hrl").
-include("include/eunit_capture.hrl").

log(Event) -> log ! {event, Event}, ok.

log_loop(Events) ->
    receive
        {event, E} -> log_loop([E | Events]);
        {dump, To} -> To ! {events, lists:reverse(Events)}, log_loop([])
    end.

show_log() ->
    log ! {dump, self()},
    receive {events, Es} -> io:format("log: ~p~n", [Es]) end.

setup() -> log(setup), 42.
cleanup(V) -> log({cleanup, V}).

main() ->
    register(log, spawn(fun () -> log_loop([]) end)),
    T = fun (Name) -> ?_test(log(Name)) end,
    Runs =
        [{setup, fun setup/0, fun cleanup/1, [T(a), T(b)]},
         {setup, fun setup/0, fun (V) -> [?_assertEqual(42, V), T(c)] end},
         {setup, fun setup/0, fun cleanup/1, fun (V) -> ?_test(log({got, V})) end},
         {setup, local, fun setup/0, fun cleanup/1, T(d)},
         {setup, spawn, fun setup/0, fun cleanup/1, [T(e)]},
         {setup, fun setup/0, fun cleanup/1, {with, [fun (V) -> log({with1, V}) end,
                                                     fun (V) -> log({with2, V}) end]}},
         {setup, [{one, fun () -> log(s1), 1 end, fun (X) -> log({c1, X}) end},
                  {two, fun () -> log(s2), 2 end}],
          fun (Vs) -> ?_test(log({multi, Vs})) end},
         {foreach, fun setup/0, fun cleanup/1, [T(f1), fun (V) -> ?_test(log({f2, V})) end, T(f3)]},
         {foreach, fun () -> log(fsetup) end, [T(g1), T(g2)]},
         {foreachx, fun (X) -> log({sx, X}), X * 10 end, fun (X, R) -> log({cx, X, R}) end,
          [{1, fun (X, R) -> ?_test(log({tx, X, R})) end}, {2, fun (X, R) -> ?_test(log({tx, X, R})) end}]},
         {with, 7, [fun (X) -> log({w, X}) end, fun (X) -> ?assert(X > 5) end]},
         {setup, fun setup/0, fun cleanup/1,
          [{setup, fun () -> log(inner), in end, fun (I) -> log({inner_cleanup, I}) end, T(h)}, T(i)]},
         {"titled fixture", {setup, fun setup/0, fun cleanup/1, [T(j), ?_assert(false)]}},
         {setup, fun () -> register(fixture_server, spawn_link(fun () -> receive stop -> ok end end)) end,
          fun (_) -> fixture_server ! stop end,
          ?_assert(is_pid(whereis(fixture_server)))}],
    lists:foreach(fun (R) -> run(R), show_log() end, Runs).

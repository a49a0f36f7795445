%% Scheduler fairness with long-running BIFs: seven worker processes each
%% build one large input and then loop on nothing but a BIF over it
%% (term_to_binary, binary_to_term, list_to_binary, iolist_to_binary,
%% iolist_size, binary_to_list, length), so a BIF that neither yields nor
%% charges reductions for its work would hog a scheduler.  Meanwhile the
%% main process does 100 timer:sleep(1) ping rounds with an echo process.
%% Only deterministic facts are printed: the results of a quiet run, that
%% every round completed (a starved pinger would show as the program's
%% timeout; latency itself is for benchmarks), that every worker iteration
%% gave exactly the quiet result, and that workers killed or sent an exit
%% signal while looping on a long BIF die with that reason.  (bif_long_gc_midway does the same with
%% erlang:garbage_collect/1,2 on the busy workers.)
-module(bif_long_fairness).
-export([main/0]).

-define(ROUNDS, 100).

main() ->
    Expected = [{K, result(K, input(K))} || K <- jobs()],
    [io:format("~p: ~w~n", [K, V]) || {K, V} <- Expected],
    Self = self(),
    Workers = [{K, spawn_monitor(fun() -> worker(Self, K, Exp) end)} || {K, Exp} <- Expected],
    %% every worker has finished one iteration before the pinging starts
    [receive {first_done, K} -> ok end || K <- jobs()],
    Echo = spawn(fun echo/0),
    Rounds = ping(Echo, 0),
    io:format("ping rounds: ~p~n", [Rounds]),
    Echo ! stop,
    %% stop the workers; each reports whether all its iterations matched
    lists:foreach(
      fun({K, {P, Ref}}) ->
              P ! {stop, self()},
              receive
                  {done, K, Same, N} ->
                      io:format("~p: all same ~p, iterations >= 1 ~p~n", [K, Same, N >= 1])
              end,
              receive {'DOWN', Ref, process, P, R} -> io:format("~p down: ~p~n", [K, R]) end
      end, Workers),
    %% a process killed / sent an exit signal while looping on a long BIF
    [io:format("~p ~p: ~p~n", [K, Sig, kill_midway(K, Sig)])
     || {K, Sig} <- lists:zip(jobs(), [kill, stop, kill, stop, kill, stop, kill])],
    ok.

jobs() -> [t2b, b2t, l2b, i2b, isz, b2l, len].

%% the inputs are built by each process, so nothing is shared
input(t2b) -> [{I, <<"x">>, [I]} || I <- lists:seq(1, 100000)];
input(b2t) -> term_to_binary({lists:seq(1, 200000), maps:from_list([{I, I} || I <- lists:seq(1, 30000)])});
input(l2b) -> [I band 255 || I <- lists:seq(1, 500000)];
input(i2b) -> nest(100000, [<<"ab">>, 1 | <<"tail">>]);
input(isz) -> [[I band 255, <<"ab">>] || I <- lists:seq(1, 300000)];
input(b2l) -> binary:copy(<<"0123456789">>, 200000);
input(len) -> lists:seq(1, 1000000).

nest(0, Inner) -> Inner;
nest(N, Inner) -> nest(N - 1, [Inner]).

%% one BIF call per job; the result is reduced to something small
result(t2b, T) -> B = term_to_binary(T), {byte_size(B), erlang:phash2(B)};
result(b2t, B) -> {L, M} = binary_to_term(B), {length(L), map_size(M), lists:last(L)};
result(l2b, L) -> B = list_to_binary(L), {byte_size(B), erlang:phash2(B)};
result(i2b, L) -> B = iolist_to_binary(L), {byte_size(B), erlang:phash2(B)};
result(isz, L) -> iolist_size(L);
result(b2l, B) -> L = binary_to_list(B), {length(L), lists:last(L)};
result(len, L) -> length(L).

worker(Parent, K, Expected) ->
    In = input(K),
    Same = result(K, In) =:= Expected,
    Parent ! {first_done, K},
    worker_loop(K, In, Expected, 1, Same).

worker_loop(K, In, Expected, N, SameSoFar) ->
    receive
        {stop, From} -> From ! {done, K, SameSoFar, N}
    after 0 ->
        Same = result(K, In) =:= Expected,
        worker_loop(K, In, Expected, N + 1, SameSoFar andalso Same)
    end.

echo() ->
    receive
        {ping, From, I} -> From ! {pong, I}, echo();
        stop -> ok
    end.

%% (No clock: the suite has no timed checks. A starved pinger shows up as
%% the program's timeout; latency is measured by benchmarks.)
ping(_, ?ROUNDS) -> ?ROUNDS;
ping(Echo, I) ->
    timer:sleep(1),
    Echo ! {ping, self(), I},
    receive {pong, I} -> ok end,
    ping(Echo, I + 1).

%% start a process looping on a long BIF, let it get going, then signal it;
%% report the exit reason and whether it is gone
kill_midway(K, Sig) ->
    Self = self(),
    {P, Ref} = spawn_monitor(fun() ->
                                     In = input(K),
                                     Self ! {started, self()},
                                     spin(K, In)
                             end),
    receive {started, P} -> ok end,
    timer:sleep(3),
    exit(P, Sig),
    receive
        {'DOWN', Ref, process, P, Reason} -> {Reason, is_process_alive(P)}
    end.

spin(K, In) ->
    _ = result(K, In),
    spin(K, In).

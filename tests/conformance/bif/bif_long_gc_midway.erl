%% Garbage-collecting a process from outside while it is (most likely) in
%% the middle of a long, yielding BIF: workers build a large input once and
%% then loop on term_to_binary, binary_to_term, list_to_binary /
%% iolist_to_binary / iolist_size, binary_to_list and length over it while
%% the main process calls erlang:garbage_collect/1 and
%% erlang:garbage_collect/2 ({async, Ref}) on them after every
%% timer:sleep(1).  The calls must all return true (the
%% async ones deliver {garbage_collect, Ref, true}), and every iteration of
%% every worker must still give exactly the results of a quiet run.  No
%% timings are printed.
-module(bif_long_gc_midway).
-export([main/0]).

-define(ROUNDS, 5).

main() ->
    Expected = [{K, result(K, input(K))} || K <- jobs()],
    [io:format("~p: ~w~n", [K, V]) || {K, V} <- Expected],
    Self = self(),
    Workers = [{K, spawn_monitor(fun() -> worker(Self, K, Exp) end)} || {K, Exp} <- Expected],
    [receive {first_done, K} -> ok end || K <- jobs()],
    Pids = [P || {_, {P, _}} <- Workers],
    {Sync, Async} = gc_rounds(Pids, 0, [], []),
    io:format("sync gc calls: ~p, all true: ~p~n", [length(Sync), lists:all(fun(X) -> X =:= true end, Sync)]),
    io:format("async gc replies: ~p, all true: ~p~n", [length(Async), lists:all(fun(X) -> X =:= true end, Async)]),
    lists:foreach(
      fun({K, {P, Ref}}) ->
              P ! {stop, self()},
              receive
                  {done, K, Same, N} -> io:format("~p: all same ~p, iterations >= 1 ~p~n", [K, Same, N >= 1])
              end,
              receive {'DOWN', Ref, process, P, R} -> io:format("~p down: ~p~n", [K, R]) end
      end, Workers),
    %% a dead process is not collected
    {Dead, DRef} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', DRef, process, Dead, _} -> ok end,
    io:format("dead: ~p~n", [erlang:garbage_collect(Dead)]),
    ok.

jobs() -> [t2b, b2t, l2b, b2l, len].

input(t2b) -> {[{I, <<"x">>, [I]} || I <- lists:seq(1, 100000)], nest(50000, leaf)};
input(b2t) -> term_to_binary([{I, [I], <<I:32>>} || I <- lists:seq(1, 100000)]);
input(l2b) -> [[I band 255, <<"ab">>, [[<<"c">>]]] || I <- lists:seq(1, 200000)];
input(b2l) -> binary:copy(<<"0123456789">>, 200000);
input(len) -> lists:seq(1, 1000000).

nest(0, Inner) -> Inner;
nest(N, Inner) -> nest(N - 1, {Inner}).

result(t2b, T) ->
    B = term_to_binary(T),
    {byte_size(B), erlang:phash2(B), binary_to_term(B) =:= T};
result(b2t, B) ->
    T = binary_to_term(B),
    {length(T), erlang:phash2(T), term_to_binary(T) =:= B};
result(l2b, IoL) ->
    B = list_to_binary(IoL),
    {byte_size(B), iolist_size(IoL), erlang:phash2(B), iolist_to_binary(IoL) =:= B};
result(b2l, B) ->
    L = binary_to_list(B),
    {length(L), lists:sum(L), erlang:phash2(L)};
result(len, L) ->
    X = [length(L)],
    {X, length(tl(L)), hd(X) + length(L)}.

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

gc_rounds(_, ?ROUNDS, Sync, Async) -> {Sync, Async};
gc_rounds(Pids, I, Sync, Async) ->
    timer:sleep(1),
    S = [erlang:garbage_collect(P) || P <- Pids],
    Refs = [begin Ref = make_ref(), async = erlang:garbage_collect(P, [{async, Ref}]), Ref end
            || P <- Pids],
    A = [receive {garbage_collect, Ref, R} -> R end || Ref <- Refs],
    gc_rounds(Pids, I + 1, S ++ Sync, A ++ Async).

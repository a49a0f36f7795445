%% Two processes inspect each other with process_info as fast as they can, on
%% two schedulers: every answer is a value (neither waits for the other for
%% ever, and neither gives up on a live process).
-module(proc_mutual_inspect).
-export([main/0]).
main() ->
    Self = self(),
    Worker = fun(Tag) -> fun() -> receive {peer, P} -> Self ! {Tag, inspect(P, 20000, 0)}, receive stop -> ok end end end end,
    A = spawn(Worker(a)),
    B = spawn(Worker(b)),
    A ! {peer, B},
    B ! {peer, A},
    R = lists:sort([receive {T, N} -> {T, N} end || _ <- [1, 2]]),
    A ! stop, B ! stop,
    io:format("~p~n", [R]).
inspect(_, 0, Bad) -> Bad;
inspect(P, N, Bad) ->
    case process_info(P, reductions) of
        {reductions, _} -> inspect(P, N - 1, Bad);
        undefined -> inspect(P, N - 1, Bad + 1)
    end.

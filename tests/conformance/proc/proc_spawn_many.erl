-module(proc_spawn_many).
-export([main/0]).

main() ->
    Self = self(),
    %% 10000 processes each reply with a value; sum the replies
    N = 10000,
    [spawn(fun() -> Self ! {val, I} end) || I <- lists:seq(1, N)],
    Sum = lists:foldl(fun(_, Acc) -> receive {val, V} -> Acc + V end end, 0, lists:seq(1, N)),
    io:format("sum of ~p replies: ~p (expected ~p)~n", [N, Sum, N * (N + 1) div 2]),
    %% 10000 processes alive at the same time, then released
    Pids = [spawn(fun() -> receive {go, From} -> From ! {done, self()} end end) || _ <- lists:seq(1, N)],
    Alive = length([P || P <- Pids, is_process_alive(P)]),
    io:format("alive at once: ~p~n", [Alive]),
    io:format("distinct pids: ~p~n", [length(lists:usort(Pids))]),
    %% monitor a sample before releasing them
    Sample = lists:sublist(Pids, 1, 100),
    Ms = [monitor(process, P) || P <- Sample],
    [P ! {go, self()} || P <- Pids],
    Done = length([receive {done, P} -> P end || P <- Pids]),
    io:format("released: ~p~n", [Done]),
    Reasons = lists:usort([receive {'DOWN', M, process, _, R} -> R end || M <- Ms]),
    io:format("sample exit reasons: ~p~n", [Reasons]),
    %% spawn_monitor 5000 processes that exit with their index
    Pms = [spawn_monitor(fun() -> exit(I) end) || I <- lists:seq(1, 5000)],
    Total = lists:sum([receive {'DOWN', M, process, P, I} when is_integer(I) -> I end || {P, M} <- Pms]),
    io:format("sum of exit reasons: ~p~n", [Total]),
    %% a tree of processes: each node spawns two children down to depth 10
    io:format("tree leaves: ~p~n", [tree(10)]),
    %% processes that spawn processes that reply to the original caller
    [spawn(fun() -> spawn(fun() -> Self ! {grandchild, I} end) end) || I <- lists:seq(1, 1000)],
    GSum = lists:sum([receive {grandchild, I} -> I end || _ <- lists:seq(1, 1000)]),
    io:format("grandchildren sum: ~p~n", [GSum]),
    io:format("mailbox empty: ~p~n", [process_info(self(), message_queue_len)]),
    ok.

tree(0) -> 1;
tree(D) ->
    Self = self(),
    P1 = spawn(fun() -> Self ! {self(), tree(D - 1)} end),
    P2 = spawn(fun() -> Self ! {self(), tree(D - 1)} end),
    receive {P1, A} -> ok end,
    receive {P2, B} -> ok end,
    A + B.

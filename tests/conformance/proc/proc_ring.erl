-module(proc_ring).
-export([main/0, node_loop/2]).

%% Each node forwards {token, Hops, Trail} to Next; the first node counts laps.
node_loop(Next, Id) ->
    receive
        {next, N} -> node_loop(N, Id);
        {token, Hops, Trail} ->
            Next ! {token, Hops + 1, [Id | Trail]},
            node_loop(Next, Id);
        stop -> Next ! stop, ok
    end.

%% The head node: counts laps and reports to the parent when done.
head(Parent, Next, Laps, MaxLaps) ->
    receive
        {next, N} -> head(Parent, N, Laps, MaxLaps);
        {token, Hops, Trail} when Laps + 1 =:= MaxLaps ->
            Parent ! {done, Hops, lists:sublist(Trail, 5), length(Trail)},
            receive stop -> Next ! stop end;
        {token, Hops, _Trail} ->
            Next ! {token, Hops + 1, []},
            head(Parent, Next, Laps + 1, MaxLaps)
    end.

ring(N, M) ->
    Self = self(),
    Head = spawn(fun() -> head(Self, undefined, 0, M) end),
    %% build the ring backwards: last node points to head
    First = lists:foldl(fun(Id, Next) -> spawn(?MODULE, node_loop, [Next, Id]) end,
                        Head, lists:seq(N, 2, -1)),
    Head ! {next, First},
    Mon = monitor(process, Head),
    Head ! {token, 0, []},
    Result = receive {done, Hops, Last5, TrailLen} -> {Hops, Last5, TrailLen} end,
    Head ! stop,
    receive {'DOWN', Mon, process, Head, normal} -> ok end,
    Result.

main() ->
    {Hops, Last5, TrailLen} = ring(100, 10),
    io:format("ring 100 x 10: hops ~p, last ids ~w, trail ~p~n", [Hops, Last5, TrailLen]),
    io:format("ring 2 x 3: ~p~n", [ring(2, 3)]),
    io:format("ring 1000 x 2: ~p~n", [element(1, ring(1000, 2))]),
    %% a ring made with closures, counting down a number
    Self = self(),
    N = 50,
    Procs = [spawn(fun() -> receive {next, Nx} -> relay(Nx, Self) end end) || _ <- lists:seq(1, N)],
    Nexts = tl(Procs) ++ [hd(Procs)],
    [P ! {next, Nx} || {P, Nx} <- lists:zip(Procs, Nexts)],
    hd(Procs) ! {count, 1234},
    receive {finished, Who, Passes} ->
        io:format("countdown finished at index ~p after ~p passes~n", [index_of(Who, Procs), Passes])
    end,
    [P ! stop || P <- Procs],
    ok.

relay(Next, Parent) ->
    receive
        {count, 0} -> Parent ! {finished, self(), 1234}, relay(Next, Parent);
        {count, K} -> Next ! {count, K - 1}, relay(Next, Parent);
        stop -> ok
    end.

index_of(X, L) -> index_of(X, L, 1).
index_of(X, [X | _], I) -> I;
index_of(X, [_ | T], I) -> index_of(X, T, I + 1).

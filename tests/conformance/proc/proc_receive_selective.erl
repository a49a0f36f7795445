-module(proc_receive_selective).
-export([main/0]).

drain(Acc) ->
    receive M -> drain([M | Acc]) after 0 -> lists:reverse(Acc) end.

take(Tag) ->
    receive {Tag, V} -> V after 0 -> none end.

prio() ->
    receive {high, M} -> {high, M}
    after 0 ->
        receive {low, M} -> {low, M} after 0 -> done end
    end.

prio_all(Acc) ->
    case prio() of done -> lists:reverse(Acc); X -> prio_all([X | Acc]) end.

main() ->
    [self() ! M || M <- [{a, 1}, {b, 2}, {c, 3}, {a, 4}, {b, 5}, {c, 6}]],
    io:format("take c: ~p~n", [take(c)]),
    io:format("take a: ~p~n", [take(a)]),
    io:format("take d: ~p~n", [take(d)]),
    io:format("rest in order: ~p~n", [drain([])]),
    %% priority receive
    [self() ! M || M <- [{low, 1}, {high, 1}, {low, 2}, {high, 2}, {low, 3}]],
    io:format("priority order: ~p~n", [prio_all([])]),
    %% selective receive from specific senders
    Self = self(),
    Ps = [spawn(fun() -> receive go -> Self ! {self(), I} end end) || I <- lists:seq(1, 5)],
    [P ! go || P <- lists:reverse(Ps)],
    Ordered = [receive {P, I} -> I end || P <- Ps],
    io:format("collected by pid: ~p~n", [Ordered]),
    %% messages added while scanning are still seen in order
    self() ! x1,
    P2 = spawn(fun() -> receive go -> Self ! y1, Self ! x2, Self ! y2 end end),
    P2 ! go,
    receive y2 -> ok end,
    io:format("after waiting for y2: ~p~n", [drain([])]),
    %% a receive that matches nothing keeps the whole queue
    [self() ! N || N <- lists:seq(1, 5)],
    receive nothing -> ok after 0 -> ok end,
    receive nothing -> ok after 10 -> ok end,
    io:format("queue intact: ~p~n", [drain([])]),
    %% take out of the middle repeatedly
    [self() ! N || N <- lists:seq(1, 10)],
    Evens = [receive E when E rem 2 =:= 0 -> E end || _ <- lists:seq(1, 5)],
    io:format("evens: ~p, odds left: ~p~n", [Evens, drain([])]),
    %% take from the end, reversed
    [self() ! N || N <- lists:seq(1, 5)],
    Rev = [receive N -> N end || N <- lists:seq(5, 1, -1)],
    io:format("reverse taking: ~p, left: ~p~n", [Rev, drain([])]),
    ok.

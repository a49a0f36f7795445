-module(proc_msg_order).
-export([main/0]).

collect(0, Acc) -> lists:reverse(Acc);
collect(N, Acc) -> receive {num, X} -> collect(N - 1, [X | Acc]) end.

sum_loop(Acc) ->
    receive
        {add, N} -> sum_loop(Acc + N);
        {get, From} -> From ! {sum, Acc}, sum_loop(Acc);
        stop -> ok
    end.

main() ->
    Self = self(),
    %% 1..1000 from one sender arrive in order
    spawn(fun() -> [Self ! {num, I} || I <- lists:seq(1, 1000)] end),
    L = collect(1000, []),
    io:format("in order: ~p, length: ~p, sum: ~p~n", [L =:= lists:seq(1, 1000), length(L), lists:sum(L)]),
    %% two senders: each stream is in order, interleaving unknown
    Mk = fun(Tag) -> spawn(fun() -> [Self ! {Tag, I} || I <- lists:seq(1, 500)] end) end,
    Mk(a), Mk(b),
    All = [receive {T, I} when T =:= a; T =:= b -> {T, I} end || _ <- lists:seq(1, 1000)],
    As = [I || {a, I} <- All], Bs = [I || {b, I} <- All],
    io:format("stream a ordered: ~p, stream b ordered: ~p~n", [As =:= lists:seq(1, 500), Bs =:= lists:seq(1, 500)]),
    %% accumulating server, order of add/get preserved
    S = spawn(fun() -> sum_loop(0) end),
    [S ! {add, I} || I <- lists:seq(1, 100)],
    S ! {get, self()},
    [S ! {add, I} || I <- lists:seq(1, 10)],
    S ! {get, self()},
    R1 = receive {sum, X1} -> X1 end,
    R2 = receive {sum, X2} -> X2 end,
    S ! stop,
    io:format("sums: ~p ~p~n", [R1, R2]),
    %% receive in a loop accumulating until a stop marker
    [self() ! {item, I} || I <- lists:seq(1, 10)],
    self() ! done,
    Acc = fun F(A) -> receive {item, I} -> F([I * I | A]); done -> lists:reverse(A) end end,
    io:format("squares: ~p~n", [Acc([])]),
    %% ping-pong keeps strict alternation
    Pong = spawn(fun PF() -> receive {ping, From, N} -> From ! {pong, N}, PF(); stop -> ok end end),
    Trace = [begin Pong ! {ping, self(), N}, receive {pong, N} -> N end end || N <- lists:seq(1, 10)],
    Pong ! stop,
    io:format("ping-pong: ~p~n", [Trace]),
    %% relay chain keeps order
    Relay = fun(Next) -> spawn(fun RF() -> receive M -> Next ! M, RF() end end) end,
    Chain = lists:foldl(fun(_, Next) -> Relay(Next) end, Self, lists:seq(1, 5)),
    [Chain ! {num, I} || I <- lists:seq(1, 200)],
    io:format("through relay chain in order: ~p~n", [collect(200, []) =:= lists:seq(1, 200)]),
    ok.

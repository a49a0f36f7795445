-module(proc_spawn_basic).
-export([main/0, echo/1, adder/2]).

echo(Parent) ->
    receive
        stop -> Parent ! {self(), stopped};
        Msg -> Parent ! {self(), echo, Msg}, echo(Parent)
    end.

adder(Parent, N) ->
    receive {add, X} -> Parent ! {sum, N + X} end.

err(F) ->
    try F() catch C:R -> {C, R} end.

%% Under `erl -noshell` OTP's logger prints crash reports of spawned processes
%% on stdout; silence it. (A VM without a logger module raises undef here, which
%% the catch swallows.)
quiet() -> catch logger:set_primary_config(level, none), ok.

main() ->
    quiet(),
    Self = self(),
    io:format("self is pid: ~p~n", [is_pid(Self)]),
    io:format("self =:= self: ~p~n", [Self =:= self()]),
    io:format("atom is pid: ~p, ref is pid: ~p~n", [is_pid(self), is_pid(make_ref())]),
    %% spawn/1 with a closure
    P1 = spawn(fun() -> Self ! {hello_from, self()} end),
    io:format("spawn/1 returns pid: ~p, distinct from self: ~p~n", [is_pid(P1), P1 =/= Self]),
    receive {hello_from, From1} -> io:format("got hello, from spawned: ~p~n", [From1 =:= P1]) end,
    %% spawn/3 with an exported function
    P2 = spawn(?MODULE, echo, [Self]),
    io:format("spawn/3 returns pid: ~p~n", [is_pid(P2)]),
    %% ! returns the message
    R1 = (P2 ! ping),
    io:format("! returns: ~p~n", [R1]),
    R2 = P2 ! {complex, [1, 2, 3], #{k => v}},
    io:format("! returns: ~p~n", [R2]),
    %% erlang:send/2 also returns the message
    R3 = erlang:send(P2, via_send),
    io:format("erlang:send returns: ~p~n", [R3]),
    %% chained sends
    X = P2 ! P2 ! chained,
    io:format("chained send value: ~p~n", [X]),
    Collect = fun C(0, Acc) -> lists:reverse(Acc);
                  C(N, Acc) -> receive {P2, echo, M} -> C(N - 1, [M | Acc]) end
              end,
    io:format("echoed: ~p~n", [Collect(5, [])]),
    P2 ! stop,
    receive {P2, stopped} -> io:format("echo stopped~n") end,
    %% spawn/3 with arguments
    P3 = spawn(?MODULE, adder, [Self, 40]),
    P3 ! {add, 2},
    receive {sum, S} -> io:format("adder: ~p~n", [S]) end,
    %% each spawn gives a new pid
    Pids = [spawn(fun() -> ok end) || _ <- lists:seq(1, 20)],
    io:format("20 distinct pids: ~p~n", [length(lists:usort(Pids)) =:= 20]),
    io:format("all pids: ~p~n", [lists:all(fun is_pid/1, Pids)]),
    %% pids compare with other terms: number < atom < ref < fun < port < pid < tuple
    io:format("pid > ref: ~p, pid < tuple: ~p, pid > atom: ~p~n",
              [Self > make_ref(), Self < {}, Self > zzz]),
    %% spawned closure sees captured variables
    V = {captured, 123},
    spawn(fun() -> Self ! {closure, V, self() =/= Self} end),
    receive {closure, CV, Diff} -> io:format("closure: ~p ~p~n", [CV, Diff]) end,
    %% spawn of a fun with the wrong arity gives a pid; the process dies with badarity
    {Pb, Mb} = spawn_monitor(erlang, apply, [fun(A) -> A end, []]),
    receive {'DOWN', Mb, process, Pb, {Rb, _}} -> io:format("bad arity reason: ~p~n", [element(1, Rb)]) end,
    %% spawn of an undefined function
    {Pu, Mu} = spawn_monitor(?MODULE, no_such_function, []),
    receive {'DOWN', Mu, process, Pu, {Ru, _}} -> io:format("undef reason: ~p~n", [Ru]) end,
    %% spawn with bad arguments
    io:format("spawn(not_a_fun): ~p~n", [err(fun() -> spawn(not_a_fun) end)]),
    io:format("spawn/3 bad args: ~p~n", [err(fun() -> spawn(?MODULE, echo, not_a_list) end)]),
    io:format("spawn/3 bad module: ~p~n", [err(fun() -> spawn("mod", echo, []) end)]),
    ok.

-module(proc_register).
-export([main/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

waiter() -> receive {exit, R} -> exit(R); {reply, From, M} -> From ! {self(), M}, waiter(); stop -> ok end.

mine() ->
    lists:sort([N || N <- registered(), lists:prefix("preg_", atom_to_list(N))]).

main() ->
    Self = self(),
    io:format("whereis unknown: ~p~n", [whereis(preg_a)]),
    io:format("registered/0 is a list of atoms: ~p~n", [lists:all(fun is_atom/1, registered())]),
    io:format("mine at start: ~p~n", [mine()]),
    A = spawn(fun waiter/0),
    B = spawn(fun waiter/0),
    io:format("register: ~p~n", [register(preg_a, A)]),
    io:format("whereis: ~p~n", [whereis(preg_a) =:= A]),
    io:format("registered_name: ~p~n", [process_info(A, registered_name)]),
    io:format("register second: ~p~n", [register(preg_b, B)]),
    io:format("mine: ~p~n", [mine()]),
    %% register self
    io:format("register self: ~p~n", [register(preg_self, self())]),
    io:format("whereis self: ~p~n", [whereis(preg_self) =:= Self]),
    preg_self ! to_myself,
    receive to_myself -> io:format("message to own name~n") end,
    io:format("unregister self: ~p~n", [unregister(preg_self)]),
    %% use the names
    preg_a ! {reply, self(), hi},
    receive {A, hi} -> io:format("reply via name from A~n") end,
    %% errors
    io:format("name taken: ~p~n", [err(fun() -> register(preg_a, B) end)]),
    io:format("pid already has a name: ~p~n", [err(fun() -> register(preg_c, A) end)]),
    io:format("register undefined: ~p~n", [err(fun() -> register(undefined, B) end)]),
    io:format("register non-atom: ~p~n", [err(fun() -> register("preg_d", B) end)]),
    io:format("register non-pid: ~p~n", [err(fun() -> register(preg_d, not_a_pid) end)]),
    io:format("whereis non-atom: ~p~n", [err(fun() -> whereis("preg_a") end)]),
    io:format("unregister unknown: ~p~n", [err(fun() -> unregister(preg_unknown) end)]),
    io:format("unregister non-atom: ~p~n", [err(fun() -> unregister(42) end)]),
    %% registering a dead process
    {Dead, Md} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', Md, _, _, _} -> ok end,
    io:format("register dead pid: ~p~n", [err(fun() -> register(preg_dead, Dead) end)]),
    io:format("whereis after failed register: ~p~n", [whereis(preg_dead)]),
    %% unregister and re-register
    io:format("unregister: ~p~n", [unregister(preg_a)]),
    io:format("whereis after unregister: ~p~n", [whereis(preg_a)]),
    io:format("registered_name after unregister: ~p~n", [process_info(A, registered_name)]),
    io:format("unregister again: ~p~n", [err(fun() -> unregister(preg_a) end)]),
    io:format("re-register under new name: ~p~n", [register(preg_a2, A)]),
    io:format("register(preg_a, B) while B is named: ~p~n", [err(fun() -> register(preg_a, B) end)]),
    io:format("mine: ~p~n", [mine()]),
    %% a registered process that dies loses its name
    Ma = monitor(process, A),
    preg_a2 ! {exit, crash},
    receive {'DOWN', Ma, process, A, crash} -> ok end,
    io:format("whereis after death: ~p~n", [whereis(preg_a2)]),
    io:format("mine after death: ~p~n", [mine()]),
    io:format("name reusable: ~p~n", [register(preg_a2, spawn(fun waiter/0))]),
    %% killed also frees the name
    Mb = monitor(process, B),
    exit(B, kill),
    receive {'DOWN', Mb, process, B, killed} -> ok end,
    io:format("killed process names gone: ~p~n", [[N || N <- [preg_a, preg_b], whereis(N) =/= undefined]]),
    preg_a2 ! stop,
    %% many names
    Ps = [{list_to_atom("preg_n" ++ integer_to_list(I)), spawn(fun waiter/0)} || I <- lists:seq(1, 10)],
    [register(N, P) || {N, P} <- Ps],
    io:format("ten names: ~p~n", [lists:all(fun({N, P}) -> whereis(N) =:= P end, Ps)]),
    [P ! stop || {_, P} <- Ps],
    ok.

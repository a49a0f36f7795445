-module(proc_link_propagate).
-export([main/0]).

%% Under `erl -noshell` OTP's logger prints crash reports of spawned processes
%% on stdout; silence it. (A VM without a logger module raises undef here, which
%% the catch swallows.)
quiet() -> catch logger:set_primary_config(level, none), ok.

id(X) -> X.

wait_ready(P) -> receive {ready, P} -> ok end.

%% A process that links to Target, says ready and waits forever.
linked_to(Target, Trap) ->
    Self = self(),
    P = spawn(fun() ->
                  process_flag(trap_exit, Trap),
                  link(Target),
                  Self ! {ready, self()},
                  receive
                      {'EXIT', From, Why} -> Self ! {trapped, self(), From =:= Target, Why},
                                             receive stop -> ok end;
                      {exit, R} -> exit(R)
                  end
              end),
    wait_ready(P),
    P.

down(M) -> receive {'DOWN', M, process, _, Why} -> Why after 2000 -> no_down end.

short(R) when is_tuple(R), tuple_size(R) =:= 2, is_list(element(2, R)) -> {element(1, R), stack};
short(R) -> R.

main() ->
    quiet(),
    Waiter = fun() -> receive crash -> {ok, _} = id(crashed); stop -> ok; {exit, R} -> exit(R) end end,
    %% a crash kills a non-trapping linked process; observe both via monitors
    A = spawn(Waiter),
    B = linked_to(A, false),
    Ma = monitor(process, A), Mb = monitor(process, B),
    A ! crash,
    Ra = down(Ma), Rb = down(Mb),
    io:format("crasher: ~p~nlinked non-trapping: ~p~nsame reason: ~p~n", [short(Ra), short(Rb), Ra =:= Rb]),
    %% a normal exit does not kill linked processes
    A2 = spawn(Waiter),
    B2 = linked_to(A2, false),
    Ma2 = monitor(process, A2),
    A2 ! stop,
    io:format("normal exit: ~p~n", [down(Ma2)]),
    Mb2 = monitor(process, B2),
    B2 ! {exit, done},
    io:format("linked process survived normal exit and later exited with: ~p~n", [down(Mb2)]),
    %% a trapping linked process gets a message and survives
    A3 = spawn(Waiter),
    B3 = linked_to(A3, true),
    A3 ! {exit, boom},
    receive {trapped, B3, FromA3, Why3} -> io:format("trapped: from target ~p, reason ~p~n", [FromA3, Why3]) end,
    io:format("trapper alive: ~p~n", [is_process_alive(B3)]),
    B3 ! stop,
    %% a chain A - B - C - D, crash at A kills the whole chain
    C1 = spawn(Waiter),
    C2 = linked_to(C1, false),
    C3 = linked_to(C2, false),
    C4 = linked_to(C3, false),
    Ms = [monitor(process, P) || P <- [C1, C2, C3, C4]],
    C1 ! {exit, chain_reaction},
    io:format("chain: ~p~n", [[down(M) || M <- Ms]]),
    %% a trapping process in the middle stops the chain
    D1 = spawn(Waiter),
    D2 = linked_to(D1, true),
    D3 = linked_to(D2, false),
    Md3 = monitor(process, D3),
    D1 ! {exit, stopped_here},
    receive {trapped, D2, _, W} -> io:format("middle trapped: ~p~n", [W]) end,
    io:format("after middle: alive ~p~n", [is_process_alive(D3)]),
    %% when the middle one stops normally, D3 keeps running
    D2 ! stop,
    io:format("D3 still alive after middle stopped normally: ~p~n",
              [receive {'DOWN', Md3, _, _, _} -> false after 50 -> true end]),
    exit(D3, kill),
    io:format("D3 finally: ~p~n", [down(Md3)]),
    %% kill propagates as killed to linked processes
    K1 = spawn(Waiter),
    K2 = linked_to(K1, false),
    K3 = linked_to(K1, true),
    Mk2 = monitor(process, K2),
    exit(K1, kill),
    io:format("linked to killed, non-trapping: ~p~n", [down(Mk2)]),
    receive {trapped, K3, _, Wk} -> io:format("linked to killed, trapping: ~p~n", [Wk]) end,
    K3 ! stop,
    %% exit(kill) via exit/1 propagates as kill, which is trappable
    X1 = spawn(Waiter),
    X2 = linked_to(X1, false),
    X3 = linked_to(X1, true),
    Mx2 = monitor(process, X2),
    X1 ! {exit, kill},
    io:format("linked to exit(kill), non-trapping: ~p~n", [down(Mx2)]),
    receive {trapped, X3, _, Wx} -> io:format("linked to exit(kill), trapping: ~p~n", [Wx]) end,
    X3 ! stop,
    %% the spawner survives crashes of linked children when trapping
    process_flag(trap_exit, true),
    Kids = [spawn_link(fun() -> exit({kid, I}) end) || I <- lists:seq(1, 3)],
    Reasons = [receive {'EXIT', K, R} -> R end || K <- Kids],
    io:format("kids: ~p~n", [Reasons]),
    ok.

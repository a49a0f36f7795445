-module(port_exec_control).
-export([main/0]).

%% Owning and closing an OS-process port: port_close/1, {Pid, close},
%% port_connect/2 and {Pid, {connect, New}}, links (the owner's, link/1),
%% the owner's death closing the port, sends to a closed port (dropped)
%% and BIFs on it (badarg), messages naming another process (badsig to the
%% owner), port_command/3 options, and port_info/1,2 (shapes only: ids and
%% OS pids vary).

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

next(P) ->
    receive {P, M} -> M
    after 2000 -> timeout
    end.

%% The messages that came from P (its own and EXITs), in order, within T ms
%% (and little more once an EXIT came: a closed port says no more, but
%% {Port, closed} follows the EXIT).
from(P, T) ->
    receive
        {P, M} -> [M | from(P, T)];
        {'EXIT', P, R} -> [{'EXIT', R} | from(P, min(T, 50))]
    after T -> []
    end.

err(F) ->
    try F() of V -> {value, V}
    catch C:R -> {C, R}
    end.

%% Whether the port closes within a second.
gone(P) -> gone(P, 100).
gone(_P, 0) -> still_open;
gone(P, N) ->
    case erlang:port_info(P) of
        undefined -> closed;
        _ -> receive after 10 -> gone(P, N - 1) end
    end.

echo(P, Text) ->
    true = port_command(P, Text),
    next(P).

main() ->
    Self = self(),
    process_flag(trap_exit, true),

    io:format("-- port_info~n"),
    P = open_port({spawn, "cat"}, []),
    show("echo", echo(P, "12345\n")),
    Info = erlang:port_info(P),
    show("keys", [K || {K, _} <- Info]),
    show("name", erlang:port_info(P, name)),
    show("links", erlang:port_info(P, links) =:= {links, [Self]}),
    show("connected", erlang:port_info(P, connected) =:= {connected, Self}),
    show("input", erlang:port_info(P, input)),
    show("output", erlang:port_info(P, output)),
    {os_pid, OsPid} = erlang:port_info(P, os_pid),
    show("os_pid", is_integer(OsPid) andalso OsPid > 0),
    {id, Id} = erlang:port_info(P, id),
    show("id", is_integer(Id)),
    show("listed", lists:member(P, erlang:ports())),
    show("bad item", err(fun() -> erlang:port_info(P, no_such_item) end)),
    show("not a port", err(fun() -> erlang:port_info(self()) end)),
    show("nosuspend", err(fun() -> port_command(P, "x\n", [nosuspend]) end)),
    show("echo", next(P)),
    show("force", err(fun() -> port_command(P, "x\n", [force]) end)),
    %% (Bad data for a live port is left out: OTP also logs an error
    %% report for it, on standard output.)

    io:format("-- closing~n"),
    show("port_close", port_close(P)),
    show("messages", from(P, 50)),
    show("info after close", erlang:port_info(P)),
    show("info item after close", erlang:port_info(P, os_pid)),
    show("listed", lists:member(P, erlang:ports())),
    show("send to closed", (P ! {self(), {command, "dropped"}}) =:= {self(), {command, "dropped"}}),
    show("junk to closed", P ! junk),
    show("close again", err(fun() -> port_close(P) end)),
    show("command on closed", err(fun() -> port_command(P, "x") end)),
    show("connect closed", err(fun() -> port_connect(P, self()) end)),
    show("quiet", from(P, 50)),

    C = open_port({spawn, "cat"}, []),
    C ! {self(), close},
    show("{Pid, close}", from(C, 200)),

    io:format("-- connect~n"),
    Q = spawn_link(fun() -> relay(Self) end),
    K = open_port({spawn, "cat"}, []),
    show("port_connect", port_connect(K, Q)),
    show("connected", erlang:port_info(K, connected) =:= {connected, Q}),
    show("links", erlang:port_info(K, links) =:= {links, [Self, Q]}),
    true = port_command(K, "to the new owner\n"),
    show("relayed", receive {relayed, {K, M1}} -> M1 after 2000 -> timeout end),
    show("mine", from(K, 50)),
    %% The old owner may still send commands as the new one.
    K ! {Q, {command, "on its behalf\n"}},
    show("relayed", receive {relayed, {K, M2}} -> M2 after 2000 -> timeout end),
    Q ! {connect_back, K},
    show("connected back", receive {relayed, {K, M3}} -> M3 after 2000 -> timeout end),
    show("connected", erlang:port_info(K, connected) =:= {connected, Self}),
    show("echo", echo(K, "home again\n")),
    {Dead, DeadRef} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', DeadRef, process, Dead, _} -> ok end,
    show("port_connect to dead", err(fun() -> port_connect(K, Dead) end)),
    show("then", from(K, 200)),
    show("open", erlang:port_info(K) =/= undefined),
    catch port_close(K),
    show("close", from(K, 50)),

    io:format("-- bad messages~n"),
    B = open_port({spawn, "cat"}, []),
    B ! {Q, {command, "not the owner\n"}},
    show("other pid", from(B, 200)),
    B ! {self(), what},
    show("bad request", from(B, 200)),
    show("still open", echo(B, "alive\n")),
    true = port_close(B),
    from(B, 50),

    io:format("-- links~n"),
    L = open_port({spawn, "cat"}, []),
    W = spawn(fun() -> process_flag(trap_exit, true), link(L), Self ! linked,
                       receive X -> Self ! {watcher, X} after 2000 -> Self ! {watcher, timeout} end
              end),
    receive linked -> ok end,
    show("links", erlang:port_info(L, links) =:= {links, [Self, W]}),
    true = port_close(L),
    show("watcher", receive {watcher, {'EXIT', L, R}} -> {'EXIT', R} after 2000 -> timeout end),
    from(L, 50),
    U = open_port({spawn, "cat"}, []),
    true = unlink(U),
    show("unlinked", erlang:port_info(U, links)),
    true = port_close(U),
    show("no exit", from(U, 50)),

    io:format("-- owner death~n"),
    {Owner, Ref} = spawn_monitor(fun() ->
                                         O = open_port({spawn, "cat"}, []),
                                         Self ! {port, O},
                                         receive stop -> ok end
                                 end),
    O = receive {port, Op} -> Op after 2000 -> none end,
    show("open while owner lives", is_list(erlang:port_info(O))),
    Owner ! stop,
    receive {'DOWN', Ref, process, Owner, normal} -> ok after 2000 -> ok end,
    show("after normal exit", gone(O)),
    {Owner2, Ref2} = spawn_monitor(fun() ->
                                           O2 = open_port({spawn, "cat"}, []),
                                           Self ! {port, O2},
                                           receive after infinity -> ok end
                                   end),
    O2 = receive {port, Op2} -> Op2 after 2000 -> none end,
    exit(Owner2, kill),
    receive {'DOWN', Ref2, process, Owner2, killed} -> ok after 2000 -> ok end,
    show("after kill", gone(O2)),
    %% A trapping linked process hears the reason the owner died of.
    {Owner3, Ref3} = spawn_monitor(fun() ->
                                           O3 = open_port({spawn, "cat"}, []),
                                           Self ! {port, O3},
                                           receive go -> exit(owner_quit) end
                                   end),
    O3 = receive {port, Op3} -> Op3 after 2000 -> none end,
    true = link(O3),
    Owner3 ! go,
    receive {'DOWN', Ref3, process, Owner3, _} -> ok after 2000 -> ok end,
    show("linked hears", from(O3, 200)),

    io:format("-- a program that ends~n"),
    E = open_port({spawn, "echo bye"}, []),
    show("end", from(E, 300)),
    show("after end", erlang:port_info(E)),
    unlink(Q),
    exit(Q, kill),
    io:format("done~n").

relay(To) ->
    receive
        {connect_back, Port} ->
            Port ! {self(), {connect, To}},
            relay(To);
        M ->
            To ! {relayed, M},
            relay(To)
    after 5000 -> ok
    end.

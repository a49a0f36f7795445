-module(proc_send_names).
-export([main/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

loop(Parent) ->
    receive
        stop -> Parent ! {self(), stopped};
        M -> Parent ! {got, M}, loop(Parent)
    end.

main() ->
    Self = self(),
    P = spawn(fun() -> loop(Self) end),
    true = register(proc_send_names_srv, P),
    %% send to a registered name
    R1 = proc_send_names_srv ! by_name,
    io:format("send to name returns: ~p~n", [R1]),
    receive {got, M1} -> io:format("got: ~p~n", [M1]) end,
    %% erlang:send/2 to a name
    R2 = erlang:send(proc_send_names_srv, by_send2),
    io:format("erlang:send to name returns: ~p~n", [R2]),
    receive {got, M2} -> io:format("got: ~p~n", [M2]) end,
    %% {Name, node()} form
    R3 = {proc_send_names_srv, node()} ! by_name_node,
    io:format("send to {Name, node()} returns: ~p~n", [R3]),
    receive {got, M3} -> io:format("got: ~p~n", [M3]) end,
    R4 = erlang:send({proc_send_names_srv, node()}, by_send_name_node),
    io:format("erlang:send to {Name, node()} returns: ~p~n", [R4]),
    receive {got, M4} -> io:format("got: ~p~n", [M4]) end,
    %% send to self
    self() ! to_self,
    receive to_self -> io:format("got message sent to self~n") end,
    %% sending to an unregistered name is badarg
    io:format("send to unregistered atom: ~p~n",
              [err(fun() -> proc_send_names_nobody ! hello end)]),
    io:format("erlang:send to unregistered atom: ~p~n",
              [err(fun() -> erlang:send(proc_send_names_nobody, hello) end)]),
    io:format("send to {unregistered, node()}: ~p~n",
              [err(fun() -> {proc_send_names_nobody, node()} ! hello end)]),
    %% sending to something that is not a pid/atom/tuple
    io:format("send to integer: ~p~n", [err(fun() -> 42 ! hello end)]),
    io:format("send to list: ~p~n", [err(fun() -> [] ! hello end)]),
    io:format("send to bad tuple: ~p~n", [err(fun() -> {a, b, c} ! hello end)]),
    %% stop and wait for the process to die
    Ref = monitor(process, P),
    P ! stop,
    receive {P, stopped} -> ok end,
    receive {'DOWN', Ref, process, P, Why} -> io:format("server down: ~p~n", [Why]) end,
    %% the name is gone once the process died
    io:format("whereis after death: ~p~n", [whereis(proc_send_names_srv)]),
    io:format("send to name of dead process: ~p~n",
              [err(fun() -> proc_send_names_srv ! hello end)]),
    %% sending to a dead pid is silently accepted
    R5 = P ! into_the_void,
    io:format("send to dead pid returns: ~p~n", [R5]),
    R6 = erlang:send(P, into_the_void_again),
    io:format("erlang:send to dead pid returns: ~p~n", [R6]),
    receive Any -> io:format("unexpected: ~p~n", [Any]) after 20 -> io:format("no reply from dead pid~n") end,
    %% erlang:send/3 with options
    self() ! first,
    R7 = erlang:send(self(), second, [noconnect]),
    io:format("erlang:send/3 returns: ~p~n", [R7]),
    receive first -> ok end,
    receive second -> io:format("got second~n") end,
    %% the message is evaluated before the destination is checked
    io:format("message evaluated: ~p~n", [err(fun() -> proc_send_names_nobody ! (1 div zero()) end)]),
    ok.

zero() -> 0.

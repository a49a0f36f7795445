-module(proc_info_basic).
-export([main/0]).

%% P only reacts to 'stop' and {reply, From}; everything else stays queued.
holder() ->
    receive
        stop -> ok;
        {put, K, V, From} -> put(K, V), From ! {self(), put_done}, holder();
        {trap, From} -> process_flag(trap_exit, true), From ! {self(), trapping}, holder()
    end.

%% Poll until P is blocked in receive (bounded), so the status is stable.
wait_waiting(_P, 0) -> false;
wait_waiting(P, N) ->
    case process_info(P, status) of
        {status, waiting} -> true;
        _ -> receive after 2 -> wait_waiting(P, N - 1) end
    end.

main() ->
    Self = self(),
    P = spawn(fun holder/0),
    io:format("alive: ~p~n", [is_process_alive(P)]),
    io:format("self alive: ~p~n", [is_process_alive(self())]),
    io:format("eventually waiting: ~p~n", [wait_waiting(P, 500)]),
    io:format("self status: ~p~n", [process_info(self(), status)]),
    %% message queue
    io:format("queue len: ~p~n", [process_info(P, message_queue_len)]),
    io:format("messages: ~p~n", [process_info(P, messages)]),
    P ! one, P ! {two, 2}, P ! "three",
    io:format("queue len: ~p~n", [process_info(P, message_queue_len)]),
    io:format("messages: ~p~n", [process_info(P, messages)]),
    %% our own queue
    self() ! a, self() ! b,
    io:format("own queue: ~p ~p~n", [process_info(self(), message_queue_len), process_info(self(), messages)]),
    receive a -> ok end,
    io:format("own queue after receiving a: ~p~n", [process_info(self(), messages)]),
    receive b -> ok end,
    %% dictionary
    io:format("dictionary: ~p~n", [process_info(P, dictionary)]),
    P ! {put, key1, value1, self()},
    receive {P, put_done} -> ok end,
    P ! {put, {tuple, key}, [1, 2, 3], self()},
    receive {P, put_done} -> ok end,
    {dictionary, D} = process_info(P, dictionary),
    io:format("dictionary sorted: ~p~n", [lists:sort(D)]),
    %% trap_exit
    io:format("trap_exit: ~p~n", [process_info(P, trap_exit)]),
    P ! {trap, self()},
    receive {P, trapping} -> ok end,
    io:format("trap_exit after flag: ~p~n", [process_info(P, trap_exit)]),
    %% registered_name
    io:format("registered_name none: ~p~n", [process_info(P, registered_name)]),
    register(pib_holder, P),
    io:format("registered_name: ~p~n", [process_info(P, registered_name)]),
    unregister(pib_holder),
    io:format("registered_name after unregister: ~p~n", [process_info(P, registered_name)]),
    %% messages still there, in order
    io:format("messages still queued: ~p~n", [process_info(P, messages)]),
    %% stop it and check dead
    M = monitor(process, P),
    P ! stop,
    receive {'DOWN', M, process, P, _} -> ok end,
    io:format("alive after stop: ~p~n", [is_process_alive(P)]),
    io:format("status of dead: ~p~n", [process_info(P, status)]),
    io:format("messages of dead: ~p~n", [process_info(P, messages)]),
    io:format("registered_name of dead: ~p~n", [process_info(P, registered_name)]),
    %% is_process_alive argument checking
    io:format("is_process_alive(atom): ~p~n", [try is_process_alive(foo) catch C:R -> {C, R} end]),
    %% a spawned process sees itself as running
    spawn(fun() -> Self ! {child_status, process_info(self(), status), is_process_alive(self())} end),
    receive {child_status, S, A} -> io:format("child sees itself: ~p ~p~n", [S, A]) end,
    ok.

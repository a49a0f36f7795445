-module(proc_info_items).
-export([main/0, blocked_here/1, start_blocked/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

blocked_here(Parent) ->
    Parent ! {self(), ready},
    receive stop -> ok end.

start_blocked() ->
    put(started, yes),
    receive stop -> ok end.

wait_waiting(_P, 0) -> false;
wait_waiting(P, N) ->
    case process_info(P, status) of
        {status, waiting} -> true;
        _ -> receive after 2 -> wait_waiting(P, N - 1) end
    end.

main() ->
    P = spawn(?MODULE, blocked_here, [self()]),
    receive {P, ready} -> ok end,
    true = wait_waiting(P, 500),
    %% current_function / initial_call of a process blocked in a named function
    io:format("~p~n", [process_info(P, current_function)]),
    io:format("~p~n", [process_info(P, initial_call)]),
    Q = spawn(?MODULE, start_blocked, []),
    true = wait_waiting(Q, 500),
    io:format("~p~n", [process_info(Q, [current_function, initial_call])]),
    %% a fun-spawned process starts in erlang:apply/2
    F = spawn(fun() -> receive stop -> ok end end),
    io:format("fun initial_call: ~p~n", [process_info(F, initial_call)]),
    %% a list of items comes back in the requested order, duplicates kept
    P ! msg1,
    io:format("waiting again after a non-matching message: ~p~n", [wait_waiting(P, 500)]),
    Items = [message_queue_len, trap_exit, priority, registered_name, links, messages, dictionary],
    io:format("~p~n", [process_info(P, Items)]),
    io:format("~p~n", [process_info(P, lists:reverse(Items))]),
    io:format("~p~n", [process_info(P, [priority, priority])]),
    io:format("~p~n", [process_info(P, [registered_name])]),
    io:format("empty list: ~p~n", [process_info(P, [])]),
    %% sizes are integers, never printed
    {heap_size, H} = process_info(P, heap_size),
    {total_heap_size, TH} = process_info(P, total_heap_size),
    {stack_size, SS} = process_info(P, stack_size),
    {reductions, Red} = process_info(P, reductions),
    {memory, Mem} = process_info(P, memory),
    io:format("sizes are non-negative integers: ~p~n",
              [lists:all(fun(X) -> is_integer(X) andalso X >= 0 end, [H, TH, SS, Red, Mem])]),
    io:format("heap_size > 0: ~p, total >= heap: ~p~n", [H > 0, TH >= H]),
    {group_leader, GL} = process_info(P, group_leader),
    io:format("group_leader is pid: ~p, same as ours: ~p~n", [is_pid(GL), GL =:= group_leader()]),
    %% process_info/1 on a live process: a list containing at least these keys, in this order
    All = process_info(P),
    Keys = [K || {K, _} <- All, lists:member(K, [current_function, initial_call, status, message_queue_len,
                                                  links, dictionary, trap_exit, priority, group_leader,
                                                  heap_size, total_heap_size, stack_size, reductions])],
    io:format("process_info/1 keys: ~p~n", [Keys]),
    io:format("process_info/1 has no messages item: ~p~n", [not lists:keymember(messages, 1, All)]),
    %% registered name is listed by process_info/1 only when there is one
    register(pii_named, P),
    io:format("registered_name in process_info/1: ~p~n", [lists:keyfind(registered_name, 1, process_info(P))]),
    %% bad items
    io:format("bad item: ~p~n", [err(fun() -> process_info(P, no_such_item) end)]),
    io:format("bad item in list: ~p~n", [err(fun() -> process_info(P, [status, no_such_item]) end)]),
    io:format("bad pid: ~p~n", [err(fun() -> process_info(not_a_pid, status) end)]),
    io:format("bad pid /1: ~p~n", [err(fun() -> process_info(pii_named) end)]),
    %% dead process
    [begin M = monitor(process, X), X ! stop, receive {'DOWN', M, _, _, _} -> ok end end || X <- [P, Q, F]],
    io:format("dead single: ~p~n", [process_info(P, status)]),
    io:format("dead list: ~p~n", [process_info(P, [status, messages])]),
    io:format("dead empty list: ~p~n", [process_info(P, [])]),
    io:format("dead /1: ~p~n", [process_info(P)]),
    io:format("dead bad item still badarg: ~p~n", [err(fun() -> process_info(P, no_such_item) end)]),
    %% our own process
    io:format("self current_function: ~p~n", [process_info(self(), current_function)]),
    io:format("self status list: ~p~n", [process_info(self(), [status, message_queue_len])]),
    ok.

-module(proc_dict_isolation).
-export([main/0]).

%% A process that keeps a counter in its dictionary.
counter() ->
    receive
        {incr, From} ->
            N = case get(count) of undefined -> 1; C -> C + 1 end,
            put(count, N),
            From ! {self(), N},
            counter();
        {dump, From} ->
            From ! {self(), lists:sort(get())},
            counter();
        {erase_all, From} ->
            From ! {self(), length(erase())},
            counter();
        stop -> ok
    end.

call(P, Req) ->
    P ! {Req, self()},
    receive {P, R} -> R end.

main() ->
    erase(),
    Self = self(),
    put(shared_key, parent_value),
    put(count, 1000),
    %% a spawned process starts with an empty dictionary, even with a closure
    spawn(fun() -> Self ! {child_dict, get(), get(shared_key)} end),
    receive {child_dict, D, V} -> io:format("child dictionary: ~p, shared_key: ~p~n", [D, V]) end,
    %% put in a child does not affect the parent
    spawn(fun() -> put(shared_key, child_value), Self ! {child_put, get(shared_key)} end),
    receive {child_put, CV} -> io:format("child sees: ~p~n", [CV]) end,
    io:format("parent still sees: ~p~n", [get(shared_key)]),
    %% two counters keep separate state
    A = spawn(fun counter/0),
    B = spawn(fun counter/0),
    [call(A, incr) || _ <- lists:seq(1, 5)],
    [call(B, incr) || _ <- lists:seq(1, 2)],
    io:format("A: ~p~n", [call(A, dump)]),
    io:format("B: ~p~n", [call(B, dump)]),
    io:format("parent count: ~p~n", [get(count)]),
    %% the dictionary of another process via process_info
    {dictionary, DA} = process_info(A, dictionary),
    io:format("process_info dictionary of A: ~p~n", [DA]),
    %% erase in one process
    io:format("A erased entries: ~p~n", [call(A, erase_all)]),
    io:format("A after erase: ~p, B untouched: ~p~n", [call(A, dump), call(B, dump)]),
    io:format("A restarts counting: ~p~n", [call(A, incr)]),
    A ! stop, B ! stop,
    %% a child's dictionary dies with it; a new process again starts empty
    {P, M} = spawn_monitor(fun() -> put(temp, 1), exit(done) end),
    receive {'DOWN', M, process, P, done} -> ok end,
    spawn(fun() -> Self ! {fresh, get(temp)} end),
    receive {fresh, T} -> io:format("new process sees temp: ~p~n", [T]) end,
    %% many processes with their own dictionaries
    Ps = [spawn(fun() -> put(id, I), receive {get, From} -> From ! {self(), get(id) * 10} end end)
          || I <- lists:seq(1, 20)],
    Vals = [begin P2 ! {get, self()}, receive {P2, X} -> X end end || P2 <- Ps],
    io:format("per-process values: ~p~n", [Vals]),
    %% parent dictionary is unchanged by all of this
    io:format("parent dictionary: ~p~n", [lists:sort(get())]),
    %% put/get with complex keys in a child, returned by message
    spawn(fun() ->
              put({a, [1, 2]}, <<"bin">>),
              put(#{m => 1}, 3.5),
              Old = put({a, [1, 2]}, replaced),
              Self ! {complex, Old, lists:sort(get())}
          end),
    receive {complex, Old, All} -> io:format("complex keys: ~p ~p~n", [Old, All]) end,
    erase(),
    ok.

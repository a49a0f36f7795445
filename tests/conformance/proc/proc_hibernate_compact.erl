%% erlang:hibernate/3 drops the stack and shrinks the heap to what is live:
%% a process that grew a 200,000-element list hibernates in under 1,000
%% words, reports {erlang,hibernate,3} as its current function, and wakes
%% with its arguments intact.
-module(proc_hibernate_compact).
-export([main/0, wake/1]).
main() ->
    Self = self(),
    P = spawn(fun() ->
                  Big = lists:seq(1, 200000),
                  Keep = lists:sublist(Big, 10),
                  Self ! {grown, element(2, process_info(self(), total_heap_size))},
                  erlang:hibernate(?MODULE, wake, [{Self, Keep}])
              end),
    Before = receive {grown, B} -> B end,
    timer:sleep(50),
    {total_heap_size, After} = process_info(P, total_heap_size),
    {current_function, CF} = process_info(P, current_function),
    P ! go,
    R = receive {woke, K} -> K end,
    io:format("~p ~p ~p ~p~n", [Before > 100000, After < 1000, CF, R]).
wake({Parent, Keep}) ->
    receive go -> Parent ! {woke, Keep} end.

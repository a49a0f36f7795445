-module(ets_large).
-export([main/0]).

%% Tables large enough that traversals run in several slices (and the
%% process is preempted between them): tab2list, select, match, foldl,
%% select_delete, delete_all_objects and delete of big tables, while
%% another process keeps running.
main() ->
    Self = self(),
    Ticker = spawn(fun() -> tick(0, Self) end),
    [run(Type) || Type <- [set, ordered_set, bag]],
    Ticker ! stop,
    receive {ticks, N} -> io:format("ticker ran ~p~n", [N > 0]) end.

run(Type) ->
    N = 150000,
    T = ets:new(big, [Type, public]),
    ets:insert(T, [{I, I rem 10, I * 2} || I <- lists:seq(1, N)]),
    L = ets:tab2list(T),
    Sel = ets:select(T, [{{'$1', 3, '_'}, [], ['$1']}]),
    Match = ets:match(T, {'_', 7, '$1'}),
    Obj = ets:match_object(T, {'_', 1, '_'}),
    Fold = ets:foldl(fun({_, _, X}, A) -> A + X end, 0, T),
    Foldr = ets:foldr(fun({I, _, _}, A) -> A + I end, 0, T),
    Count = ets:select_count(T, [{{'_', '$1', '_'}, [{'<', '$1', 5}], [true]}]),
    io:format("~p: ~p ~p ~p ~p ~p ~p ~p ~p~n",
              [Type, length(L), lists:sum([I || {I, _, _} <- L]), lists:sum(Sel), lists:sum([X || [X] <- Match]),
               length(Obj), Fold, Foldr, Count]),
    case Type of
        ordered_set ->
            io:format("ordered ~p ~p~n", [lists:sublist(L, 3), lists:sublist(Sel, 3)]),
            io:format("last ~p~n", [lists:last(L)]);
        _ -> ok
    end,
    Del = ets:select_delete(T, [{{'_', '$1', '_'}, [{'>=', '$1', 5}], [true]}]),
    io:format("deleted ~p left ~p~n", [Del, ets:info(T, size)]),
    true = ets:delete_all_objects(T),
    io:format("emptied ~p ~p~n", [ets:info(T, size), ets:first(T)]),
    ets:insert(T, [{I, I} || I <- lists:seq(1, N)]),
    io:format("refilled ~p~n", [ets:info(T, size)]),
    io:format("delete ~p ~p~n", [ets:delete(T), ets:info(T)]).

tick(N, Parent) ->
    receive stop -> Parent ! {ticks, N}
    after 0 -> tick(N + 1, Parent)
    end.

-module(ets_ordered_set).
-export([main/0]).

%% ordered_set: key order, keys compared with == (1 and 1.0 are the same
%% key), first/next/last/prev, tab2list and select in order.
main() ->
    T = ets:new(o, [ordered_set]),
    ets:insert(T, [{5, e}, {1, a}, {3, c}, {b, atom}, {"s", string}, {{t}, tuple}, {2.5, float}]),
    io:format("tab2list ~p~n", [ets:tab2list(T)]),
    io:format("first ~p last ~p~n", [ets:first(T), ets:last(T)]),
    io:format("next ~p ~p ~p~n", [ets:next(T, 1), ets:next(T, 2), ets:next(T, "s")]),
    io:format("prev ~p ~p ~p~n", [ets:prev(T, 1), ets:prev(T, 3), ets:prev(T, zzz)]),
    io:format("1.0 ~p ~p~n", [ets:lookup(T, 1.0), ets:member(T, 5.0)]),
    ets:insert(T, {1.0, replaced}),
    io:format("replaced ~p ~p~n", [ets:lookup(T, 1), ets:info(T, size)]),
    io:format("match exact ~p ~p~n", [ets:match(T, {1, '$1'}), ets:match(T, {1.0, '$1'})]),
    io:format("select ~p~n", [ets:select(T, [{{'$1', '$2'}, [{is_number, '$1'}], ['$1']}])]),
    io:format("reverse ~p~n", [ets:select_reverse(T, [{{'$1', '_'}, [{is_number, '$1'}], ['$1']}])]),
    io:format("delete ~p ~p~n", [ets:delete(T, 2.5), ets:tab2list(T)]),
    io:format("insert_new ~p ~p~n", [ets:insert_new(T, {3, x}), ets:insert_new(T, {4, d})]),
    io:format("foldl ~p~n", [ets:foldl(fun({K, _}, A) -> [K | A] end, [], T)]),
    io:format("foldr ~p~n", [ets:foldr(fun({K, _}, A) -> [K | A] end, [], T)]),
    %% chunks
    N = ets:new(n, [ordered_set]),
    ets:insert(N, [{I, I * I} || I <- lists:seq(1, 25)]),
    io:format("chunks ~p~n", [chunks(ets:select(N, [{{'$1', '$2'}, [{'>', '$2', 10}], ['$1']}], 7))]),
    io:format("rchunks ~p~n", [chunks(ets:select_reverse(N, [{{'$1', '_'}, [], ['$1']}], 10))]),
    io:format("match chunks ~p~n", [chunks(ets:match(N, {'$1', '_'}, 20))]),
    io:format("object chunks ~p~n", [chunks(ets:match_object(N, {'_', 4}, 3))]),
    io:format("none ~p~n", [ets:select(N, [{{'_', nomatch}, [], ['$_']}], 3)]),
    io:format("end ~p~n", [ets:select('$end_of_table')]),
    %% walking with next and prev
    io:format("up ~p~n", [up(N, ets:first(N))]),
    io:format("down ~p~n", [down(N, ets:last(N))]),
    ok.

chunks('$end_of_table') -> [];
chunks({L, C}) -> [L | chunks(ets:select(C))].

up(_, '$end_of_table') -> [];
up(T, K) -> [K | up(T, ets:next(T, K))].

down(_, '$end_of_table') -> [];
down(T, K) -> [K | down(T, ets:prev(T, K))].

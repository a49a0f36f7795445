-module(ets_set_basic).
-export([main/0]).

%% set tables: insert (one object, a list), insert_new, lookup, member,
%% lookup_element, take, delete/2, delete_object, delete_all_objects, info.
main() ->
    T = ets:new(t, [set]),
    io:format("insert ~p~n", [ets:insert(T, {a, 1})]),
    io:format("lookup ~p ~p~n", [ets:lookup(T, a), ets:lookup(T, nope)]),
    io:format("replace ~p ~p~n", [ets:insert(T, {a, 2, extra}), ets:lookup(T, a)]),
    io:format("list ~p~n", [ets:insert(T, [{b, 1}, {c, 2}, {b, 3}])]),
    io:format("size ~p~n", [ets:info(T, size)]),
    io:format("b ~p~n", [ets:lookup(T, b)]),
    io:format("insert_new ~p ~p~n", [ets:insert_new(T, {a, 9}), ets:insert_new(T, {z, 26})]),
    io:format("insert_new list ~p ~p~n", [ets:insert_new(T, [{y, 1}, {a, 0}]), ets:member(T, y)]),
    io:format("insert_new list ~p ~p~n", [ets:insert_new(T, [{y, 1}, {x, 0}]), ets:member(T, y)]),
    io:format("member ~p ~p~n", [ets:member(T, a), ets:member(T, q)]),
    io:format("lookup_element ~p ~p~n", [ets:lookup_element(T, a, 2), ets:lookup_element(T, a, 3)]),
    io:format("take ~p ~p~n", [ets:take(T, z), ets:take(T, z)]),
    io:format("delete ~p ~p~n", [ets:delete(T, c), ets:lookup(T, c)]),
    io:format("delete missing ~p~n", [ets:delete(T, c)]),
    io:format("delete_object ~p ~p~n", [ets:delete_object(T, {a, 2}), ets:lookup(T, a)]),
    io:format("delete_object ~p ~p~n", [ets:delete_object(T, {a, 2, extra}), ets:lookup(T, a)]),
    io:format("tab2list ~p~n", [lists:sort(ets:tab2list(T))]),
    %% keys compare with =:= in a set
    ets:insert(T, [{1, int}, {1.0, float}]),
    io:format("1 vs 1.0 ~p ~p~n", [ets:lookup(T, 1), ets:lookup(T, 1.0)]),
    %% compound keys and values
    ets:insert(T, {{k, [1, 2]}, #{m => 1}, <<"bin">>, "str", 3.5, -12345678901234567890}),
    io:format("compound ~p~n", [ets:lookup(T, {k, [1, 2]})]),
    io:format("all_objects ~p~n", [ets:delete_all_objects(T)]),
    io:format("after ~p ~p~n", [ets:info(T, size), ets:tab2list(T)]),
    ets:insert(T, {again, 1}),
    io:format("again ~p~n", [ets:lookup(T, again)]),
    %% keypos
    K = ets:new(k, [{keypos, 2}]),
    ets:insert(K, [{rec, 1, one}, {rec, 2, two}, {other, 1, uno}]),
    io:format("keypos ~p ~p~n", [ets:lookup(K, 1), lists:sort(ets:tab2list(K))]),
    io:format("keypos info ~p~n", [ets:info(K, keypos)]),
    %% first/next walk every key exactly once
    W = ets:new(w, []),
    ets:insert(W, [{I, I} || I <- lists:seq(1, 500)]),
    io:format("walk ~p~n", [walk(W, ets:first(W), 0) == lists:sum(lists:seq(1, 500))]),
    io:format("last ~p~n", [ets:last(ets:new(e, [])) ]),
    io:format("delete table ~p~n", [ets:delete(W)]),
    ok.

walk(_T, '$end_of_table', Acc) -> Acc;
walk(T, K, Acc) -> walk(T, ets:next(T, K), Acc + K).

-module(ets_counters).
-export([main/0]).

%% update_counter/3,4 in all its forms, and update_element/3.
main() ->
    T = ets:new(c, [set]),
    ets:insert(T, {k, 10, 20, x}),
    io:format("~p~n", [ets:update_counter(T, k, 1)]),
    io:format("~p~n", [ets:update_counter(T, k, {3, -5})]),
    io:format("~p~n", [ets:update_counter(T, k, [{2, 1}, {3, 1}, {2, 100}])]),
    io:format("~p~n", [ets:update_counter(T, k, [])]),
    io:format("threshold up ~p~n", [ets:update_counter(T, k, {2, 1000, 500, 0})]),
    io:format("threshold down ~p~n", [ets:update_counter(T, k, {3, -100, 0, 99})]),
    io:format("no wrap ~p~n", [ets:update_counter(T, k, {3, 1, 1000, 0})]),
    io:format("object ~p~n", [ets:lookup(T, k)]),
    io:format("big ~p~n", [ets:update_counter(T, k, {2, 1 bsl 62})]),
    io:format("big ~p~n", [ets:update_counter(T, k, {2, 1 bsl 62})]),
    io:format("back ~p~n", [ets:update_counter(T, k, {2, -(1 bsl 63)})]),
    io:format("object ~p~n", [ets:lookup(T, k)]),
    io:format("default ~p ~p~n", [ets:update_counter(T, new, {2, 3}, {ignored, 100, z}), ets:lookup(T, new)]),
    io:format("default unused ~p~n", [ets:update_counter(T, new, {2, 3}, {new, 0, 0})]),
    io:format("default list ~p ~p~n", [ets:update_counter(T, n2, [{2, 1}, {3, 2}], {n2, 0, 0}), ets:lookup(T, n2)]),
    io:format("update_element ~p ~p~n", [ets:update_element(T, k, {4, y}), ets:lookup(T, k)]),
    io:format("update_element list ~p ~p~n", [ets:update_element(T, k, [{4, z}, {2, <<"bin">>}, {4, w}]), ets:lookup(T, k)]),
    io:format("update_element missing ~p~n", [ets:update_element(T, nokey, {2, 1})]),
    O = ets:new(o, [ordered_set, {keypos, 2}]),
    ets:insert(O, {c, 1, 0}),
    io:format("ordered ~p ~p~n", [ets:update_counter(O, 1.0, {3, 7}), ets:lookup(O, 1)]),
    io:format("ordered default incr ~p~n", [ets:update_counter(O, 1, 2)]),
    io:format("ordered element ~p ~p~n", [ets:update_element(O, 1, {1, d}), ets:lookup(O, 1)]),
    %% many counters
    C = ets:new(many, [public, {write_concurrency, true}]),
    [ets:update_counter(C, I rem 10, {2, I}, {I rem 10, 0}) || I <- lists:seq(1, 1000)],
    io:format("many ~p~n", [lists:sort(ets:tab2list(C))]),
    ok.

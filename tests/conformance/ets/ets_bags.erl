-module(ets_bags).
-export([main/0]).

%% bag and duplicate_bag: several objects per key, in insertion order; a
%% bag holds each object once (re-inserting moves it last).
main() ->
    B = ets:new(b, [bag]),
    ets:insert(B, [{k, 1}, {k, 2}]),
    ets:insert(B, {k, 1}),
    ets:insert(B, {k, 0}),
    ets:insert(B, {j, 1}),
    io:format("bag ~p ~p~n", [ets:lookup(B, k), ets:info(B, size)]),
    io:format("lookup_element ~p~n", [ets:lookup_element(B, k, 2)]),
    io:format("delete_object ~p ~p~n", [ets:delete_object(B, {k, 2}), ets:lookup(B, k)]),
    io:format("insert_new ~p ~p~n", [ets:insert_new(B, {k, 7}), ets:insert_new(B, {m, 7})]),
    io:format("member ~p~n", [ets:member(B, m)]),
    io:format("select ~p~n", [lists:sort(ets:select(B, [{{'$1', '$2'}, [], [{{'$2', '$1'}}]}]))]),
    io:format("take ~p ~p~n", [ets:take(B, k), ets:lookup(B, k)]),
    io:format("size ~p~n", [ets:info(B, size)]),
    D = ets:new(d, [duplicate_bag]),
    ets:insert(D, [{k, 1}, {k, 2}, {k, 1}]),
    ets:insert(D, {k, 1}),
    io:format("dbag ~p~n", [ets:lookup(D, k)]),
    io:format("count ~p~n", [ets:select_count(D, [{{k, 1}, [], [true]}])]),
    io:format("delete_object ~p ~p~n", [ets:delete_object(D, {k, 1}), ets:lookup(D, k)]),
    ets:insert(D, [{x, I rem 3} || I <- lists:seq(1, 30)]),
    io:format("many ~p~n", [length(ets:lookup(D, x))]),
    io:format("select_delete ~p ~p~n", [ets:select_delete(D, [{{x, 0}, [], [true]}]), length(ets:lookup(D, x))]),
    io:format("delete key ~p ~p~n", [ets:delete(D, x), ets:lookup(D, x)]),
    io:format("update_counter ~p~n", [catch_error(fun() -> ets:update_counter(D, k, 1) end)]),
    io:format("update_element ~p~n", [catch_error(fun() -> ets:update_element(D, k, {2, 3}) end)]),
    %% many keys: the table grows and keeps every group in order
    G = ets:new(g, [bag, {write_concurrency, true}]),
    ets:insert(G, [{I rem 100, I} || I <- lists:seq(1, 5000)]),
    io:format("groups ~p ~p~n", [length(ets:lookup(G, 7)), ets:lookup(G, 7) == [{7, I} || I <- lists:seq(7, 5000, 100)]]),
    io:format("tab2list ~p~n", [length(ets:tab2list(G))]),
    ok.

catch_error(F) ->
    try F() catch error:R -> {error, R} end.

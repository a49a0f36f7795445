-module(ets_badarg).
-export([main/0]).

%% badarg for every kind of misuse: missing tables, bad options, bad
%% objects, bad positions, bad match specs, deleted tables.
main() ->
    T = ets:new(t, []),
    ets:insert(T, {a, 1, x}),
    O = ets:new(o, [ordered_set]),
    Cases = [
        {new_name, fun() -> ets:new("t", []) end},
        {new_option, fun() -> ets:new(t, [nonsense]) end},
        {new_keypos, fun() -> ets:new(t, [{keypos, 0}]) end},
        {new_improper, fun() -> ets:new(t, [set | bag]) end},
        {new_heir, fun() -> ets:new(t, [{heir, notapid, x}]) end},
        {insert_empty_tuple, fun() -> ets:insert(T, {}) end},
        {insert_not_tuple, fun() -> ets:insert(T, a) end},
        {insert_bad_list, fun() -> ets:insert(T, [{b, 1}, x]) end},
        {insert_improper, fun() -> ets:insert(T, [{b, 1} | {c, 2}]) end},
        {insert_new_bad, fun() -> ets:insert_new(T, [{}]) end},
        {lookup_no_table, fun() -> ets:lookup(no_such_table, a) end},
        {lookup_bad_tab, fun() -> ets:lookup({x}, a) end},
        {lookup_element_missing, fun() -> ets:lookup_element(T, nokey, 2) end},
        {lookup_element_pos, fun() -> ets:lookup_element(T, a, 4) end},
        {lookup_element_zero, fun() -> ets:lookup_element(T, a, 0) end},
        {delete_object_bad, fun() -> ets:delete_object(T, a) end},
        {update_counter_keypos, fun() -> ets:update_counter(T, a, {1, 1}) end},
        {update_counter_pos, fun() -> ets:update_counter(T, a, {9, 1}) end},
        {update_counter_notint, fun() -> ets:update_counter(T, a, {3, 1}) end},
        {update_counter_float_incr, fun() -> ets:update_counter(T, a, {2, 1.5}) end},
        {update_counter_missing, fun() -> ets:update_counter(T, nokey, 1) end},
        {update_counter_bad_default, fun() -> ets:update_counter(T, nokey, 1, nottuple) end},
        {update_counter_bad_op, fun() -> ets:update_counter(T, a, {2}) end},
        {update_element_keypos, fun() -> ets:update_element(T, a, {1, b}) end},
        {update_element_pos, fun() -> ets:update_element(T, a, {4, b}) end},
        {update_element_bad, fun() -> ets:update_element(T, a, [{2, b} | c]) end},
        {select_bad_spec, fun() -> ets:select(T, bad) end},
        {select_bad_clause, fun() -> ets:select(T, [{'_', []}]) end},
        {select_unbound, fun() -> ets:select(T, [{{'$1', '_', '_'}, [], ['$2']}]) end},
        {select_bad_fun, fun() -> ets:select(T, [{'_', [{foo, 1}], [true]}]) end},
        {select_bad_guards, fun() -> ets:select(T, [{'_', notalist, [true]}]) end},
        {select_limit, fun() -> ets:select(T, [{'_', [], ['$_']}], 0) end},
        {select_cont, fun() -> ets:select(garbage) end},
        {select_count_bad, fun() -> ets:select_count(T, x) end},
        {next_missing_key, fun() -> ets:next(T, nokey) end},
        {info_bad_item, fun() -> ets:info(T, colour) end},
        {info_bad_tab, fun() -> ets:info("t") end},
        {whereis_bad, fun() -> ets:whereis("t") end},
        {rename_bad, fun() -> ets:rename(T, "n") end},
        {give_away_self, fun() -> ets:give_away(T, self(), x) end},
        {give_away_dead, fun() -> ets:give_away(T, dead(), x) end},
        {give_away_notpid, fun() -> ets:give_away(T, x, x) end},
        {match_bad_tab, fun() -> ets:match(nope, '_') end},
        {tab2list_bad, fun() -> ets:tab2list(nope) end},
        {first_bad, fun() -> ets:first(nope) end},
        {delete_bad, fun() -> ets:delete(nope) end},
        {ordered_next_ok, fun() -> ets:next(O, anything) end},
        {info_missing, fun() -> ets:info(nope) end},
        {info_missing_item, fun() -> ets:info(nope, size) end}
    ],
    [io:format("~p: ~p~n", [Name, run(F)]) || {Name, F} <- Cases],
    N = ets:new(dup, [named_table]),
    io:format("named ~p ~p~n", [N, run(fun() -> ets:new(dup, [named_table]) end)]),
    io:format("unnamed same name ~p~n", [is_reference(ets:new(dup, []))]),
    ets:delete(T),
    io:format("deleted lookup ~p~n", [run(fun() -> ets:lookup(T, a) end)]),
    io:format("deleted insert ~p~n", [run(fun() -> ets:insert(T, {a}) end)]),
    io:format("deleted delete ~p~n", [run(fun() -> ets:delete(T) end)]),
    io:format("deleted info ~p ~p~n", [ets:info(T), ets:info(T, size)]),
    io:format("deleted select ~p~n", [run(fun() -> ets:select(T, [{'_', [], [true]}]) end)]),
    ok.

run(F) ->
    try F() catch error:R -> {error, R} end.

dead() ->
    P = spawn(fun() -> ok end),
    R = monitor(process, P),
    receive {'DOWN', R, _, _, _} -> P end.

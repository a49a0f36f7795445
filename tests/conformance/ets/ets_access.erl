-module(ets_access).
-export([main/0]).

%% public / protected / private: what another process may do.
main() ->
    Pub = ets:new(pub, [public]),
    Pro = ets:new(pro, [protected]),
    Pri = ets:new(pri, [private]),
    [ets:insert(T, {k, 1}) || T <- [Pub, Pro, Pri]],
    [io:format("~p: ~p~n", [Name, from_other(F)]) || {Name, F} <- [
        {pub_read, fun() -> ets:lookup(Pub, k) end},
        {pub_write, fun() -> ets:insert(Pub, {k, 2}) end},
        {pub_counter, fun() -> ets:update_counter(Pub, k, 5) end},
        {pub_select, fun() -> ets:select(Pub, [{'_', [], ['$_']}]) end},
        {pub_delete_all, fun() -> ets:delete_all_objects(Pub) end},
        {pro_read, fun() -> ets:lookup(Pro, k) end},
        {pro_tab2list, fun() -> ets:tab2list(Pro) end},
        {pro_member, fun() -> ets:member(Pro, k) end},
        {pro_first, fun() -> ets:first(Pro) end},
        {pro_write, fun() -> ets:insert(Pro, {k, 2}) end},
        {pro_delete, fun() -> ets:delete(Pro, k) end},
        {pro_counter, fun() -> ets:update_counter(Pro, k, 1) end},
        {pro_select_delete, fun() -> ets:select_delete(Pro, [{'_', [], [true]}]) end},
        {pro_delete_table, fun() -> ets:delete(Pro) end},
        {pro_info, fun() -> ets:info(Pro, size) end},
        {pri_read, fun() -> ets:lookup(Pri, k) end},
        {pri_match, fun() -> ets:match(Pri, '$1') end},
        {pri_write, fun() -> ets:insert(Pri, {k, 2}) end},
        {pri_info, fun() -> ets:info(Pri, protection) end},
        {pri_give_away, fun() -> ets:give_away(Pri, self(), x) end},
        {pri_setopts, fun() -> ets:setopts(Pri, {heir, none}) end}
    ]],
    io:format("owner sees ~p ~p ~p~n", [ets:lookup(Pub, k), ets:lookup(Pro, k), ets:lookup(Pri, k)]),
    ok.

from_other(F) ->
    Self = self(),
    spawn(fun() -> Self ! {result, try F() catch error:R -> {error, R} end} end),
    receive {result, R} -> R end.

%% dict: the OTP 25 `dict' API, written from its documented behaviour.
%%
%% Deviation from OTP: the representation is {dict, Map} (a tagged map from
%% key to value) instead of OTP's hash-table record, so dictionaries print
%% differently and to_list/1, fetch_keys/1, fold/3 and friends visit keys in
%% map order rather than OTP's hash order.  Keys are compared with =:=, as
%% in OTP.  fetch/2 and update/3 on a missing key raise badarg, as in OTP.
-module(dict).

-export([append/3, append_list/3, erase/2, fetch/2, fetch_keys/1, filter/2,
         find/2, fold/3, from_list/1, is_empty/1, is_key/2, map/2, merge/3,
         new/0, size/1, store/3, take/2, to_list/1, update/3, update/4,
         update_counter/3]).

new() -> {dict, #{}}.

is_key(Key, {dict, M}) -> is_map_key(Key, M).

to_list({dict, M}) -> maps:to_list(M).

from_list(L) -> from_list_1(L, #{}).

from_list_1([{K, V} | T], M) -> from_list_1(T, M#{K => V});
from_list_1([], M) -> {dict, M}.

size({dict, M}) -> map_size(M).

is_empty({dict, M}) -> map_size(M) =:= 0.

fetch(Key, {dict, M}) ->
    case M of
        #{Key := V} -> V;
        #{} -> erlang:error(badarg)
    end.

find(Key, {dict, M}) ->
    case M of
        #{Key := V} -> {ok, V};
        #{} -> error
    end.

fetch_keys({dict, M}) -> maps:keys(M).

erase(Key, {dict, M}) -> {dict, maps:remove(Key, M)}.

take(Key, {dict, M}) ->
    case M of
        #{Key := V} -> {V, {dict, maps:remove(Key, M)}};
        #{} -> error
    end.

store(Key, Value, {dict, M}) -> {dict, M#{Key => Value}}.

append(Key, Value, {dict, M}) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Old ++ [Value]}};
        #{} -> {dict, M#{Key => [Value]}}
    end.

append_list(Key, Values, {dict, M}) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Old ++ Values}};
        #{} -> {dict, M#{Key => Values}}
    end.

update(Key, Fun, {dict, M}) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Fun(Old)}};
        #{} -> erlang:error(badarg)
    end.

update(Key, Fun, Init, {dict, M}) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Fun(Old)}};
        #{} -> {dict, M#{Key => Init}}
    end.

update_counter(Key, Incr, {dict, M}) when is_number(Incr) ->
    case M of
        #{Key := Old} -> {dict, M#{Key := Old + Incr}};
        #{} -> {dict, M#{Key => Incr}}
    end.

fold(F, Acc, {dict, M}) when is_function(F, 3) -> fold_1(F, Acc, maps:to_list(M)).

fold_1(F, Acc, [{K, V} | T]) -> fold_1(F, F(K, V, Acc), T);
fold_1(_, Acc, []) -> Acc.

map(F, {dict, M}) when is_function(F, 2) ->
    {dict, maps:from_list([{K, F(K, V)} || {K, V} <- maps:to_list(M)])}.

filter(F, {dict, M}) when is_function(F, 2) ->
    {dict, maps:from_list([{K, V} || {K, V} <- maps:to_list(M), F(K, V)])}.

merge(F, {dict, M1}, {dict, M2}) when is_function(F, 3) ->
    {dict, merge_1(F, maps:to_list(M2), M1)}.

merge_1(F, [{K, V2} | T], M) ->
    case M of
        #{K := V1} -> merge_1(F, T, M#{K := F(K, V1, V2)});
        #{} -> merge_1(F, T, M#{K => V2})
    end;
merge_1(_, [], M) -> M.

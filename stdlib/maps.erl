%% maps: the OTP 25 `maps' module, written from its documented behaviour.
%%
%% The primitive functions (get/2, put/3, find/2, is_key/2, size/1, ...) are
%% BIFs in Girder; their Erlang bodies here use only map syntax and erlang:
%% BIFs, except to_list/1, which cannot be expressed in Erlang and is a
%% placeholder for the BIF in vm/bif_maps.cpp.  keys/1, values/1,
%% from_list/1 and remove/2 are written on top of to_list/1 and map syntax.
%%
%% Error reasons follow OTP 25: {badmap, M} when a map argument is not a map,
%% badarg for a bad function argument, {badkey, K} for a missing key.
%%
%% Deviations from OTP:
%%  * Iterators: iterator(M) returns [0 | M] like OTP 25, and next/1 returns
%%    the rest of the iteration as a chain {K, V, {K2, V2, ... none}}, which
%%    is what OTP 25 does for maps of up to 32 keys; for larger maps OTP
%%    uses an internal path encoding instead.  Iteration order is the
%%    order of to_list/1.
-module(maps).

-export([filter/2, filtermap/2, find/2, fold/3, foreach/2, from_keys/2,
         from_list/1, get/2, get/3, groups_from_list/2, groups_from_list/3,
         intersect/2, intersect_with/3, is_key/2, iterator/1, keys/1, map/2,
         merge/2, merge_with/3, new/0, next/1, put/3, remove/2, size/1,
         take/2, to_list/1, update/3, update_with/3, update_with/4,
         values/1, with/2, without/2]).

%%% ---------------------------------------------------------------------
%%% Primitives (BIFs in Girder)
%%% ---------------------------------------------------------------------

new() -> #{}.

get(Key, Map) -> erlang:map_get(Key, Map).

find(Key, Map) ->
    case Map of
        #{Key := Value} -> {ok, Value};
        #{} -> error;
        _ -> erlang:error({badmap, Map})
    end.

is_key(Key, Map) -> erlang:is_map_key(Key, Map).

size(Map) -> erlang:map_size(Map).

put(Key, Value, Map) when is_map(Map) -> Map#{Key => Value};
put(_, _, Map) -> erlang:error({badmap, Map}).

update(Key, Value, Map) when is_map(Map) -> Map#{Key := Value};
update(_, _, Map) -> erlang:error({badmap, Map}).

to_list(Map) when is_map(Map) ->
    %% The BIF (vm/bif_maps.cpp) is what remote calls run; local calls in
    %% this module reach it through this remote call.
    maps:to_list(Map);
to_list(Map) ->
    erlang:error({badmap, Map}).

keys(Map) when is_map(Map) -> [K || {K, _} <- to_list(Map)];
keys(Map) -> erlang:error({badmap, Map}).

values(Map) when is_map(Map) -> [V || {_, V} <- to_list(Map)];
values(Map) -> erlang:error({badmap, Map}).

from_list(List) when is_list(List) -> from_list_1(List, #{});
from_list(_) -> erlang:error(badarg).

from_list_1([{K, V} | T], M) -> from_list_1(T, M#{K => V});
from_list_1([], M) -> M;
from_list_1(_, _) -> erlang:error(badarg).

from_keys(Keys, Value) when is_list(Keys) -> from_keys_1(Keys, Value, #{});
from_keys(_, _) -> erlang:error(badarg).

from_keys_1([K | T], V, M) -> from_keys_1(T, V, M#{K => V});
from_keys_1([], _, M) -> M;
from_keys_1(_, _, _) -> erlang:error(badarg).

remove(Key, Map) when is_map(Map) ->
    case erlang:is_map_key(Key, Map) of
        true -> from_list_1([P || {K, _} = P <- to_list(Map), K =/= Key], #{});
        false -> Map
    end;
remove(_, Map) ->
    erlang:error({badmap, Map}).

take(Key, Map) when is_map(Map) ->
    case Map of
        #{Key := Value} -> {Value, remove(Key, Map)};
        #{} -> error
    end;
take(_, Map) ->
    erlang:error({badmap, Map}).

merge(Map1, Map2) when is_map(Map1), is_map(Map2) ->
    merge_1(to_list(Map2), Map1);
merge(Map1, Map2) ->
    erlang:error(error_type_two_maps(Map1, Map2)).

merge_1([{K, V} | T], M) -> merge_1(T, M#{K => V});
merge_1([], M) -> M.

%%% ---------------------------------------------------------------------
%%% Library functions
%%% ---------------------------------------------------------------------

get(Key, Map, Default) when is_map(Map) ->
    case Map of
        #{Key := Value} -> Value;
        #{} -> Default
    end;
get(_, Map, _) ->
    erlang:error({badmap, Map}).

update_with(Key, Fun, Map) when is_function(Fun, 1), is_map(Map) ->
    case Map of
        #{Key := Value} -> Map#{Key := Fun(Value)};
        #{} -> erlang:error({badkey, Key})
    end;
update_with(_, _, Map) ->
    erlang:error(error_type(Map)).

update_with(Key, Fun, Init, Map) when is_function(Fun, 1), is_map(Map) ->
    case Map of
        #{Key := Value} -> Map#{Key := Fun(Value)};
        #{} -> Map#{Key => Init}
    end;
update_with(_, _, _, Map) ->
    erlang:error(error_type(Map)).

merge_with(Combiner, Map1, Map2)
  when is_map(Map1), is_map(Map2), is_function(Combiner, 3) ->
    merge_with_1(to_list(Map2), Map1, Combiner);
merge_with(Combiner, Map1, Map2) when is_function(Combiner, 3) ->
    erlang:error(error_type_two_maps(Map1, Map2));
merge_with(_, _, _) ->
    erlang:error(badarg).

merge_with_1([{K, V2} | T], M, Combiner) ->
    case M of
        #{K := V1} -> merge_with_1(T, M#{K := Combiner(K, V1, V2)}, Combiner);
        #{} -> merge_with_1(T, M#{K => V2}, Combiner)
    end;
merge_with_1([], M, _) -> M.

intersect(Map1, Map2) when is_map(Map1), is_map(Map2) ->
    intersect_1(to_list(Map1), Map2, #{});
intersect(Map1, Map2) ->
    erlang:error(error_type_two_maps(Map1, Map2)).

intersect_1([{K, _} | T], Map2, Acc) ->
    case Map2 of
        #{K := V2} -> intersect_1(T, Map2, Acc#{K => V2});
        #{} -> intersect_1(T, Map2, Acc)
    end;
intersect_1([], _, Acc) -> Acc.

intersect_with(Combiner, Map1, Map2)
  when is_map(Map1), is_map(Map2), is_function(Combiner, 3) ->
    intersect_with_1(to_list(Map1), Map2, Combiner, #{});
intersect_with(Combiner, Map1, Map2) when is_function(Combiner, 3) ->
    erlang:error(error_type_two_maps(Map1, Map2));
intersect_with(_, _, _) ->
    erlang:error(badarg).

intersect_with_1([{K, V1} | T], Map2, Combiner, Acc) ->
    case Map2 of
        #{K := V2} ->
            intersect_with_1(T, Map2, Combiner, Acc#{K => Combiner(K, V1, V2)});
        #{} ->
            intersect_with_1(T, Map2, Combiner, Acc)
    end;
intersect_with_1([], _, _, Acc) -> Acc.

with(Keys, Map) when is_list(Keys), is_map(Map) -> with_1(Keys, Map, #{});
with(_, Map) -> erlang:error(error_type(Map)).

with_1([K | Ks], Map, Acc) ->
    case Map of
        #{K := V} -> with_1(Ks, Map, Acc#{K => V});
        #{} -> with_1(Ks, Map, Acc)
    end;
with_1([], _, Acc) -> Acc.

without(Keys, Map) when is_list(Keys), is_map(Map) -> without_1(Keys, Map);
without(_, Map) -> erlang:error(error_type(Map)).

without_1([K | Ks], Map) -> without_1(Ks, remove(K, Map));
without_1([], Map) -> Map.

groups_from_list(Fun, List) when is_function(Fun, 1) ->
    check_proper(List),
    groups_1(Fun, fun(X) -> X end, reverse(List, []), #{});
groups_from_list(_, _) ->
    erlang:error(badarg).

groups_from_list(Fun, ValueFun, List)
  when is_function(Fun, 1), is_function(ValueFun, 1) ->
    check_proper(List),
    groups_1(Fun, ValueFun, reverse(List, []), #{});
groups_from_list(_, _, _) ->
    erlang:error(badarg).

check_proper([_ | T]) -> check_proper(T);
check_proper([]) -> ok;
check_proper(_) -> erlang:error(badarg).

reverse([H | T], Acc) -> reverse(T, [H | Acc]);
reverse([], Acc) -> Acc.

%% The list is walked backwards so each group comes out in list order.
groups_1(Fun, ValueFun, [X | Xs], Acc) ->
    K = Fun(X),
    V = ValueFun(X),
    case Acc of
        #{K := Vs} -> groups_1(Fun, ValueFun, Xs, Acc#{K := [V | Vs]});
        #{} -> groups_1(Fun, ValueFun, Xs, Acc#{K => [V]})
    end;
groups_1(_, _, [], Acc) -> Acc.

%%% ---------------------------------------------------------------------
%%% Iteration
%%% ---------------------------------------------------------------------

iterator(Map) when is_map(Map) -> [0 | Map];
iterator(Map) -> erlang:error({badmap, Map}).

%% Like OTP 25 for small maps, next/1 on a fresh iterator returns the whole
%% rest of the iteration as a chain {K1, V1, {K2, V2, ... none}}.
next({_, _, _} = KVI) -> KVI;
next(none) -> none;
next([0 | Map]) when is_map(Map) -> chain(to_list(Map));
next(_) -> erlang:error(badarg).

chain([{K, V} | T]) -> {K, V, chain(T)};
chain([]) -> none.

%% The pairs an iterator (or a map) still has to produce; {badmap, X} for
%% anything that is neither.
iter_pairs(Map) when is_map(Map) -> to_list(Map);
iter_pairs(Iter) ->
    try next(Iter) of
        none -> [];
        {K, V, I} -> [{K, V} | iter_pairs_1(I)]
    catch
        error:badarg -> erlang:error({badmap, Iter})
    end.

iter_pairs_1(I) ->
    case next(I) of
        none -> [];
        {K, V, I2} -> [{K, V} | iter_pairs_1(I2)]
    end.

fold(Fun, Init, MapOrIter) when is_function(Fun, 3) ->
    fold_1(Fun, Init, iter_pairs(MapOrIter));
fold(_, _, _MapOrIter) ->
    erlang:error(badarg).

fold_1(Fun, Acc, [{K, V} | T]) -> fold_1(Fun, Fun(K, V, Acc), T);
fold_1(_, Acc, []) -> Acc.

map(Fun, MapOrIter) when is_function(Fun, 2) ->
    map_1(Fun, iter_pairs(MapOrIter), #{});
map(_, _MapOrIter) ->
    erlang:error(badarg).

map_1(Fun, [{K, V} | T], Acc) -> map_1(Fun, T, Acc#{K => Fun(K, V)});
map_1(_, [], Acc) -> Acc.

filter(Pred, MapOrIter) when is_function(Pred, 2) ->
    filter_1(Pred, iter_pairs(MapOrIter), #{});
filter(_, _MapOrIter) ->
    erlang:error(badarg).

filter_1(Pred, [{K, V} | T], Acc) ->
    case Pred(K, V) of
        true -> filter_1(Pred, T, Acc#{K => V});
        false -> filter_1(Pred, T, Acc)
    end;
filter_1(_, [], Acc) -> Acc.

filtermap(Fun, MapOrIter) when is_function(Fun, 2) ->
    filtermap_1(Fun, iter_pairs(MapOrIter), #{});
filtermap(_, _MapOrIter) ->
    erlang:error(badarg).

filtermap_1(Fun, [{K, V} | T], Acc) ->
    case Fun(K, V) of
        true -> filtermap_1(Fun, T, Acc#{K => V});
        {true, NewV} -> filtermap_1(Fun, T, Acc#{K => NewV});
        false -> filtermap_1(Fun, T, Acc)
    end;
filtermap_1(_, [], Acc) -> Acc.

foreach(Fun, MapOrIter) when is_function(Fun, 2) ->
    foreach_1(Fun, iter_pairs(MapOrIter));
foreach(_, _MapOrIter) ->
    erlang:error(badarg).

foreach_1(Fun, [{K, V} | T]) ->
    Fun(K, V),
    foreach_1(Fun, T);
foreach_1(_, []) -> ok.

%%% ---------------------------------------------------------------------

error_type(M) when is_map(M) -> badarg;
error_type(V) -> {badmap, V}.

error_type_two_maps(M1, M2) when is_map(M1) -> error_type(M2);
error_type_two_maps(M1, _) -> {badmap, M1}.

%% proplists: the OTP 25 `proplists' module, written from its documented
%% behaviour.
%%
%% A property is an atom A (short for {A, true}) or a tuple whose first
%% element is the key; anything else in a property list is ignored by the
%% lookup functions.  Keys are compared with =:=.
%%
%% Deviations from OTP:
%%  * get_keys/1 returns the keys sorted (lists:usort/1 order); OTP 25
%%    returns them in the order of its internal (hash-based) sets module.
-module(proplists).

-export([append_values/2, compact/1, delete/2, expand/2, from_map/1,
         get_all_values/2, get_bool/2, get_keys/1, get_value/2, get_value/3,
         is_defined/2, lookup/2, lookup_all/2, normalize/2, property/1,
         property/2, split/2, substitute_aliases/2, substitute_negations/2,
         to_map/1, to_map/2, unfold/1]).

property({Key, true}) when is_atom(Key) -> Key;
property(Property) -> Property.

property(Key, true) when is_atom(Key) -> Key;
property(Key, Value) -> {Key, Value}.

unfold([P | Ps]) ->
    if
        is_atom(P) -> [{P, true} | unfold(Ps)];
        true -> [P | unfold(Ps)]
    end;
unfold([]) -> [].

compact(ListIn) -> [property(P) || P <- ListIn].

lookup(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> {Key, true};
        tuple_size(P) >= 1, element(1, P) =:= Key -> P;
        true -> lookup(Key, Ps)
    end;
lookup(_, []) -> none.

lookup_all(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> [{Key, true} | lookup_all(Key, Ps)];
        tuple_size(P) >= 1, element(1, P) =:= Key -> [P | lookup_all(Key, Ps)];
        true -> lookup_all(Key, Ps)
    end;
lookup_all(_, []) -> [].

is_defined(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> true;
        tuple_size(P) >= 1, element(1, P) =:= Key -> true;
        true -> is_defined(Key, Ps)
    end;
is_defined(_, []) -> false.

get_value(Key, List) -> get_value(Key, List, undefined).

get_value(Key, [P | Ps], Default) ->
    if
        is_atom(P), P =:= Key ->
            true;
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, Value} -> Value;
                _ -> Default
            end;
        true ->
            get_value(Key, Ps, Default)
    end;
get_value(_, [], Default) -> Default.

get_all_values(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key ->
            [true | get_all_values(Key, Ps)];
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, Value} -> [Value | get_all_values(Key, Ps)];
                _ -> get_all_values(Key, Ps)
            end;
        true ->
            get_all_values(Key, Ps)
    end;
get_all_values(_, []) -> [].

append_values(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key ->
            [true | append_values(Key, Ps)];
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, Value} when is_list(Value) -> Value ++ append_values(Key, Ps);
                {_, Value} -> [Value | append_values(Key, Ps)];
                _ -> append_values(Key, Ps)
            end;
        true ->
            append_values(Key, Ps)
    end;
append_values(_, []) -> [].

get_bool(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key ->
            true;
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, true} -> true;
                _ -> false
            end;
        true ->
            get_bool(Key, Ps)
    end;
get_bool(_, []) -> false.

get_keys(Ps) -> lists:usort(get_keys_1(Ps)).

get_keys_1([P | Ps]) ->
    if
        is_atom(P) -> [P | get_keys_1(Ps)];
        tuple_size(P) >= 1 -> [element(1, P) | get_keys_1(Ps)];
        true -> get_keys_1(Ps)
    end;
get_keys_1([]) -> [].

delete(Key, [P | Ps]) ->
    if
        is_atom(P), P =:= Key -> delete(Key, Ps);
        tuple_size(P) >= 1, element(1, P) =:= Key -> delete(Key, Ps);
        true -> [P | delete(Key, Ps)]
    end;
delete(_, []) -> [].

%% {Key1, Key2}: every property with key Key1 gets key Key2 instead.
substitute_aliases(As, Props) -> [substitute_aliases_1(As, P) || P <- Props].

substitute_aliases_1([{Key, Key1} | As], P) ->
    if
        is_atom(P), P =:= Key -> property(Key1, true);
        tuple_size(P) >= 1, element(1, P) =:= Key -> property(setelement(1, P, Key1));
        true -> substitute_aliases_1(As, P)
    end;
substitute_aliases_1([], P) -> P.

%% {Key1, Key2}: a property Key1 with value true becomes {Key2, false}, any
%% other property with key Key1 becomes Key2 (i.e. {Key2, true}).
substitute_negations(As, Props) -> [substitute_negations_1(As, P) || P <- Props].

substitute_negations_1([{Key, Key1} | As], P) ->
    if
        is_atom(P), P =:= Key ->
            property(Key1, false);
        tuple_size(P) >= 1, element(1, P) =:= Key ->
            case P of
                {_, true} -> property(Key1, false);
                _ -> property(Key1, true)
            end;
        true ->
            substitute_negations_1(As, P)
    end;
substitute_negations_1([], P) -> P.

%% For each {Property, Expansion}: if the first entry with the same key as
%% Property has the same normal form, it is replaced by the terms of
%% Expansion and later entries with that key are deleted.  The result is
%% flattened one level (as OTP does), which also splices list elements of
%% the input.
expand(Es, Ps) when is_list(Ps) ->
    Es1 = [{property(P), V} || {P, V} <- Es],
    flatten_1(expand_0(Es1, Ps)).

expand_0([{P, L} | Es], Ps) -> expand_0(Es, expand_1(P, L, Ps));
expand_0([], Ps) -> Ps.

expand_1(P, L, Ps) ->
    case prop_key(P) of
        {ok, Key} -> expand_2(Key, P, L, Ps);
        error -> Ps
    end.

expand_2(Key, P1, L, [P | Ps]) ->
    case P of
        {'$girder_expansion', _} ->
            [P | expand_2(Key, P1, L, Ps)];
        _ ->
            case prop_key(P) of
                {ok, Key} ->
                    case property(P) of
                        P1 -> [{'$girder_expansion', L} | delete(Key, Ps)];
                        NormalP -> [NormalP | Ps]
                    end;
                _ ->
                    [P | expand_2(Key, P1, L, Ps)]
            end
    end;
expand_2(_, _, _, []) -> [].

prop_key(P) when is_atom(P) -> {ok, P};
prop_key(P) when tuple_size(P) >= 1 -> {ok, element(1, P)};
prop_key(_) -> error.

flatten_1([{'$girder_expansion', L} | Xs]) when is_list(L) -> L ++ flatten_1(Xs);
flatten_1([{'$girder_expansion', X} | Xs]) -> [X | flatten_1(Xs)];
flatten_1([L | Xs]) when is_list(L) -> L ++ flatten_1(Xs);
flatten_1([X | Xs]) -> [X | flatten_1(Xs)];
flatten_1([]) -> [].

normalize(L, [{aliases, As} | Xs]) -> normalize(substitute_aliases(As, L), Xs);
normalize(L, [{expand, Es} | Xs]) -> normalize(expand(Es, L), Xs);
normalize(L, [{negations, Ns} | Xs]) -> normalize(substitute_negations(Ns, L), Xs);
normalize(L, []) -> compact(L).

split(List, Keys) ->
    {Store, Rest} = split_1(List, [{K, []} || K <- Keys], []),
    {[lists:reverse(Vs) || {_, Vs} <- Store], lists:reverse(Rest)}.

split_1([P | Ps], Store, Rest) ->
    if
        is_atom(P) ->
            case split_store(P, P, Store) of
                {ok, Store1} -> split_1(Ps, Store1, Rest);
                error -> split_1(Ps, Store, [P | Rest])
            end;
        tuple_size(P) >= 1 ->
            case split_store(element(1, P), P, Store) of
                {ok, Store1} -> split_1(Ps, Store1, Rest);
                error -> split_1(Ps, Store, [P | Rest])
            end;
        true ->
            split_1(Ps, Store, [P | Rest])
    end;
split_1([], Store, Rest) -> {Store, Rest}.

%% Adds P to every slot whose key is Key (a key may be listed twice).
split_store(Key, P, Store) ->
    case split_store_1(Key, P, Store, false) of
        {Store1, true} -> {ok, Store1};
        {_, false} -> error
    end.

split_store_1(Key, P, [{K, Vs} | Rest], _Found) when K =:= Key ->
    {Rest1, _} = split_store_1(Key, P, Rest, true),
    {[{K, [P | Vs]} | Rest1], true};
split_store_1(Key, P, [E | Rest], Found) ->
    {Rest1, Found1} = split_store_1(Key, P, Rest, Found),
    {[E | Rest1], Found1};
split_store_1(_, _, [], Found) -> {[], Found}.

%% The first occurrence of a key wins, as with get_value/2.
%% Seen holds every key met so far: the first entry with a given key
%% decides, and an entry such as {K} or {K, V1, V2} hides K altogether.
to_map(List) -> to_map_1(List, #{}, #{}).

to_map_1([P | Ps], M, Seen) when is_atom(P) -> to_map_put(P, {ok, true}, Ps, M, Seen);
to_map_1([{K, V} | Ps], M, Seen) -> to_map_put(K, {ok, V}, Ps, M, Seen);
to_map_1([P | Ps], M, Seen) when tuple_size(P) >= 1 ->
    to_map_put(element(1, P), none, Ps, M, Seen);
to_map_1([_ | Ps], M, Seen) -> to_map_1(Ps, M, Seen);
to_map_1([], M, _) -> M.

to_map_put(K, Value, Ps, M, Seen) ->
    case is_map_key(K, Seen) of
        true ->
            to_map_1(Ps, M, Seen);
        false ->
            case Value of
                {ok, V} -> to_map_1(Ps, M#{K => V}, Seen#{K => []});
                none -> to_map_1(Ps, M, Seen#{K => []})
            end
    end.

to_map(List, Stages) -> to_map(apply_stages(List, Stages)).

apply_stages(L, [{aliases, As} | Xs]) -> apply_stages(substitute_aliases(As, L), Xs);
apply_stages(L, [{expand, Es} | Xs]) -> apply_stages(expand(Es, L), Xs);
apply_stages(L, [{negations, Ns} | Xs]) -> apply_stages(substitute_negations(Ns, L), Xs);
apply_stages(L, []) -> L.

from_map(Map) -> maps:to_list(Map).

%% gb_sets: the OTP 25 `gb_sets' API (ordered sets as balanced trees),
%% written from its documented behaviour.
%%
%% A set is {Size, Node} where Node is nil or {Element, Smaller, Bigger}.
%% Elements are compared with < and > (1 and 1.0 are the same element), as
%% in OTP.  Balancing is the same scapegoat scheme as in gb_trees.
%% Deviation from OTP: the exact shape of a tree (and so its printed form)
%% may differ from the one OTP builds; the results of the API functions are
%% the same, except that when two sets hold elements that compare equal but
%% are not identical (1 and 1.0), union/2 may keep a different one of them
%% than OTP (whose choice depends on the relative sizes of the sets).
-module(gb_sets).

-export([add/2, add_element/2, balance/1, del_element/2, delete/2,
         delete_any/2, difference/2, empty/0, filter/2, fold/3, from_list/1,
         from_ordset/1, insert/2, intersection/1, intersection/2,
         is_disjoint/2, is_element/2, is_empty/1, is_member/2, is_set/1,
         is_subset/2, iterator/1, iterator_from/2, largest/1, new/0, next/1,
         singleton/1, size/1, smallest/1, subtract/2, take_largest/1,
         take_smallest/1, to_list/1, union/1, union/2]).

empty() -> {0, nil}.

new() -> empty().

is_empty({0, nil}) -> true;
is_empty(_) -> false.

size({Size, _}) -> Size.

singleton(Key) -> {1, {Key, nil, nil}}.

is_element(Key, S) -> is_member(Key, S).

is_member(Key, {_, T}) -> is_member_1(Key, T).

is_member_1(Key, {Key1, Smaller, _}) when Key < Key1 -> is_member_1(Key, Smaller);
is_member_1(Key, {Key1, _, Bigger}) when Key > Key1 -> is_member_1(Key, Bigger);
is_member_1(_, {_, _, _}) -> true;
is_member_1(_, nil) -> false.

insert(Key, {S, T}) when is_integer(S) ->
    S1 = S + 1,
    {S1, insert_1(Key, T, S1 * S1)}.

insert_1(Key, T, Budget) ->
    case insert_2(Key, T, Budget) of
        {ok, T1} -> T1;
        {rebuild, T1, _, _} -> balance_node(T1, count(T1))
    end.

insert_2(Key, {Key1, Smaller, Bigger}, B) when Key < Key1 ->
    case insert_2(Key, Smaller, B bsr 1) of
        {ok, Smaller1} ->
            {ok, {Key1, Smaller1, Bigger}};
        {rebuild, Smaller1, H1, S1} ->
            rebuild_up({Key1, Smaller1, Bigger}, H1, S1, count(Bigger))
    end;
insert_2(Key, {Key1, Smaller, Bigger}, B) when Key > Key1 ->
    case insert_2(Key, Bigger, B bsr 1) of
        {ok, Bigger1} ->
            {ok, {Key1, Smaller, Bigger1}};
        {rebuild, Bigger1, H1, S1} ->
            rebuild_up({Key1, Smaller, Bigger1}, H1, S1, count(Smaller))
    end;
insert_2(Key, nil, 0) -> {rebuild, {Key, nil, nil}, 1, 1};
insert_2(Key, nil, _) -> {ok, {Key, nil, nil}};
insert_2(Key, _, _) -> erlang:error({key_exists, Key}).

rebuild_up(T, H1, S1, S2) ->
    H = H1 * 2,
    S = S1 + S2 + 1,
    case H > S * S of
        true -> {ok, balance_node(T, S)};
        false -> {rebuild, T, H, S}
    end.

count({_, nil, nil}) -> 1;
count({_, Sm, Bi}) -> count(Sm) + count(Bi) + 1;
count(nil) -> 0.

balance({S, T}) -> {S, balance_node(T, S)}.

balance_node(T, S) -> balance_list(to_list_1(T, []), S).

balance_list(L, S) ->
    {T, []} = balance_list_1(L, S),
    T.

balance_list_1(L, S) when S > 1 ->
    Sm = S - 1,
    S2 = Sm div 2,
    S1 = Sm - S2,
    {T1, [K | L1]} = balance_list_1(L, S1),
    {T2, L2} = balance_list_1(L1, S2),
    {{K, T1, T2}, L2};
balance_list_1([Key | L], 1) -> {{Key, nil, nil}, L};
balance_list_1(L, 0) -> {nil, L}.

add_element(X, S) -> add(X, S).

add(X, S) ->
    case is_member(X, S) of
        true -> S;
        false -> insert(X, S)
    end.

from_list(L) -> from_ordset(ordsets:from_list(L)).

from_ordset(L) ->
    S = length(L),
    {S, balance_list(L, S)}.

del_element(Key, S) -> delete_any(Key, S).

delete_any(Key, S) ->
    case is_member(Key, S) of
        true -> delete(Key, S);
        false -> S
    end.

delete(Key, {S, T}) -> {S - 1, delete_1(Key, T)}.

delete_1(Key, {Key1, Smaller, Larger}) when Key < Key1 ->
    {Key1, delete_1(Key, Smaller), Larger};
delete_1(Key, {Key1, Smaller, Bigger}) when Key > Key1 ->
    {Key1, Smaller, delete_1(Key, Bigger)};
delete_1(_, {_, Smaller, Larger}) ->
    merge(Smaller, Larger).

merge(Smaller, nil) -> Smaller;
merge(nil, Larger) -> Larger;
merge(Smaller, Larger) ->
    {Key, Larger1} = take_smallest1(Larger),
    {Key, Smaller, Larger1}.

take_smallest({S, T}) ->
    {Key, Larger} = take_smallest1(T),
    {Key, {S - 1, Larger}}.

take_smallest1({Key, nil, Larger}) -> {Key, Larger};
take_smallest1({Key, Smaller, Larger}) ->
    {Key1, Smaller1} = take_smallest1(Smaller),
    {Key1, {Key, Smaller1, Larger}}.

smallest({_, T}) -> smallest_1(T).

smallest_1({Key, nil, _Larger}) -> Key;
smallest_1({_Key, Smaller, _Larger}) -> smallest_1(Smaller).

take_largest({S, T}) ->
    {Key, Smaller} = take_largest1(T),
    {Key, {S - 1, Smaller}}.

take_largest1({Key, Smaller, nil}) -> {Key, Smaller};
take_largest1({Key, Smaller, Larger}) ->
    {Key1, Larger1} = take_largest1(Larger),
    {Key1, {Key, Smaller, Larger1}}.

largest({_, T}) -> largest_1(T).

largest_1({Key, _Smaller, nil}) -> Key;
largest_1({_Key, _Smaller, Larger}) -> largest_1(Larger).

to_list({_, T}) -> to_list_1(T, []).

to_list_1({Key, Small, Big}, L) -> to_list_1(Small, [Key | to_list_1(Big, L)]);
to_list_1(nil, L) -> L.

iterator({_, T}) -> iterator_1(T, []).

iterator_1({_, nil, _} = T, As) -> [T | As];
iterator_1({_, L, _} = T, As) -> iterator_1(L, [T | As]);
iterator_1(nil, As) -> As.

iterator_from(S, {_, T}) -> iterator_from_1(S, T, []).

iterator_from_1(S, {K, _, T}, As) when K < S -> iterator_from_1(S, T, As);
iterator_from_1(_, {_, nil, _} = T, As) -> [T | As];
iterator_from_1(S, {_, L, _} = T, As) -> iterator_from_1(S, L, [T | As]);
iterator_from_1(_, nil, As) -> As.

next([{X, _, T} | As]) -> {X, iterator_1(T, As)};
next([]) -> none.

%% Set operations work on the ordered element lists (ordsets), which also
%% makes them pick the same one of two equal (==) elements as OTP.
union(S1, S2) -> from_ordset(ordsets:union(to_list(S1), to_list(S2))).

union([S | Ss]) -> union_list(S, Ss);
union([]) -> empty().

union_list(S, [S1 | Ss]) -> union_list(union(S, S1), Ss);
union_list(S, []) -> S.

intersection(S1, S2) -> from_ordset(ordsets:intersection(to_list(S1), to_list(S2))).

intersection([S | Ss]) -> intersection_list(S, Ss).

intersection_list(S, [S1 | Ss]) -> intersection_list(intersection(S, S1), Ss);
intersection_list(S, []) -> S.

is_disjoint(S1, S2) -> ordsets:is_disjoint(to_list(S1), to_list(S2)).

difference(S1, S2) -> subtract(S1, S2).

subtract(S1, S2) -> from_ordset(osubtract(to_list(S1), to_list(S2))).

osubtract([E1 | Es1], [E2 | _] = Set2) when E1 < E2 -> [E1 | osubtract(Es1, Set2)];
osubtract([E1 | _] = Set1, [E2 | Es2]) when E1 > E2 -> osubtract(Set1, Es2);
osubtract([_E1 | Es1], [_E2 | Es2]) -> osubtract(Es1, Es2);
osubtract([], _) -> [];
osubtract(Es1, []) -> Es1.

is_subset(S1, S2) -> osubtract(to_list(S1), to_list(S2)) =:= [].

is_set({0, nil}) -> true;
is_set({N, {_, _, _}}) when is_integer(N), N >= 0 -> true;
is_set(_) -> false.

filter(F, S) when is_function(F, 1) -> from_ordset([X || X <- to_list(S), F(X)]).

fold(F, A, {_, T}) when is_function(F, 2) -> fold_1(F, A, T).

fold_1(F, Acc0, {Key, Small, Big}) ->
    Acc1 = fold_1(F, Acc0, Small),
    Acc = F(Key, Acc1),
    fold_1(F, Acc, Big);
fold_1(_, Acc, _) -> Acc.

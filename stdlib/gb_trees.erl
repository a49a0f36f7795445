%% gb_trees: the OTP 25 `gb_trees' API (ordered key-value trees), written
%% from its documented behaviour.
%%
%% A tree is {Size, Node} where Node is nil or {Key, Value, Smaller, Bigger}.
%% Keys are compared with < and > (so 1 and 1.0 are the same key), as in
%% OTP.  Balancing: insertion is an ordinary binary-tree insertion; when the
%% new node ends up deeper than 2*log2(Size) the lowest ancestor whose
%% subtree is too deep for its size is rebuilt perfectly balanced (a
%% scapegoat tree).  Deletion does not rebalance; balance/1 rebuilds the
%% whole tree.  Deviation from OTP: the exact shape of a tree (and so its
%% printed form) may differ from the tree OTP would build for the same
%% calls; all results of the API functions are the same.
-module(gb_trees).

-export([balance/1, delete/2, delete_any/2, empty/0, enter/3,
         from_orddict/1, get/2, insert/3, is_defined/2, is_empty/1,
         iterator/1, iterator_from/2, keys/1, largest/1, lookup/2, map/2,
         next/1, size/1, smallest/1, take/2, take_any/2, take_largest/1,
         take_smallest/1, to_list/1, update/3, values/1]).

empty() -> {0, nil}.

is_empty({0, nil}) -> true;
is_empty(_) -> false.

size({Size, _}) when is_integer(Size), Size >= 0 -> Size.

lookup(Key, {_, T}) -> lookup_1(Key, T).

lookup_1(Key, {Key1, _, Smaller, _}) when Key < Key1 -> lookup_1(Key, Smaller);
lookup_1(Key, {Key1, _, _, Bigger}) when Key > Key1 -> lookup_1(Key, Bigger);
lookup_1(_, {_, Value, _, _}) -> {value, Value};
lookup_1(_, nil) -> none.

is_defined(Key, {_, T}) -> is_defined_1(Key, T).

is_defined_1(Key, {Key1, _, Smaller, _}) when Key < Key1 -> is_defined_1(Key, Smaller);
is_defined_1(Key, {Key1, _, _, Bigger}) when Key > Key1 -> is_defined_1(Key, Bigger);
is_defined_1(_, {_, _, _, _}) -> true;
is_defined_1(_, nil) -> false.

get(Key, {_, T}) -> get_1(Key, T).

get_1(Key, {Key1, _, Smaller, _}) when Key < Key1 -> get_1(Key, Smaller);
get_1(Key, {Key1, _, _, Bigger}) when Key > Key1 -> get_1(Key, Bigger);
get_1(_, {_, Value, _, _}) -> Value.

update(Key, Val, {S, T}) -> {S, update_1(Key, Val, T)}.

update_1(Key, Val, {Key1, V, Smaller, Bigger}) when Key < Key1 ->
    {Key1, V, update_1(Key, Val, Smaller), Bigger};
update_1(Key, Val, {Key1, V, Smaller, Bigger}) when Key > Key1 ->
    {Key1, V, Smaller, update_1(Key, Val, Bigger)};
update_1(Key, Val, {_, _, Smaller, Bigger}) ->
    {Key, Val, Smaller, Bigger}.

insert(Key, Val, {S, T}) when is_integer(S) ->
    S1 = S + 1,
    {S1, insert_1(Key, Val, T, S1 * S1)}.

%% Budget halves at each level; reaching a leaf with budget 0 means the
%% path is longer than 2*log2(Size).  Then {rebuild, Node, 2^Height, Size}
%% travels up until an ancestor with 2^Height > Size^2 is found.
insert_1(Key, Val, T, Budget) ->
    case insert_2(Key, Val, T, Budget) of
        {ok, T1} -> T1;
        {rebuild, T1, _, _} -> balance_node(T1, count(T1))
    end.

insert_2(Key, Value, {Key1, V, Smaller, Bigger}, B) when Key < Key1 ->
    case insert_2(Key, Value, Smaller, B bsr 1) of
        {ok, Smaller1} ->
            {ok, {Key1, V, Smaller1, Bigger}};
        {rebuild, Smaller1, H1, S1} ->
            rebuild_up({Key1, V, Smaller1, Bigger}, H1, S1, count(Bigger))
    end;
insert_2(Key, Value, {Key1, V, Smaller, Bigger}, B) when Key > Key1 ->
    case insert_2(Key, Value, Bigger, B bsr 1) of
        {ok, Bigger1} ->
            {ok, {Key1, V, Smaller, Bigger1}};
        {rebuild, Bigger1, H1, S1} ->
            rebuild_up({Key1, V, Smaller, Bigger1}, H1, S1, count(Smaller))
    end;
insert_2(Key, Value, nil, 0) ->
    {rebuild, {Key, Value, nil, nil}, 1, 1};
insert_2(Key, Value, nil, _) ->
    {ok, {Key, Value, nil, nil}};
insert_2(Key, _, _, _) ->
    erlang:error({key_exists, Key}).

rebuild_up(T, H1, S1, S2) ->
    H = H1 * 2,
    S = S1 + S2 + 1,
    case H > S * S of
        true -> {ok, balance_node(T, S)};
        false -> {rebuild, T, H, S}
    end.

count({_, _, nil, nil}) -> 1;
count({_, _, Sm, Bi}) -> count(Sm) + count(Bi) + 1;
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
    {T1, [{K, V} | L1]} = balance_list_1(L, S1),
    {T2, L2} = balance_list_1(L1, S2),
    {{K, V, T1, T2}, L2};
balance_list_1([{K, V} | L], 1) -> {{K, V, nil, nil}, L};
balance_list_1(L, 0) -> {nil, L}.

from_orddict(L) ->
    S = length(L),
    {S, balance_list(L, S)}.

enter(Key, Val, T) ->
    case is_defined(Key, T) of
        true -> update(Key, Val, T);
        false -> insert(Key, Val, T)
    end.

delete_any(Key, T) ->
    case is_defined(Key, T) of
        true -> delete(Key, T);
        false -> T
    end.

delete(Key, {S, T}) when is_integer(S), S >= 0 -> {S - 1, delete_1(Key, T)}.

delete_1(Key, {Key1, Value, Smaller, Larger}) when Key < Key1 ->
    {Key1, Value, delete_1(Key, Smaller), Larger};
delete_1(Key, {Key1, Value, Smaller, Bigger}) when Key > Key1 ->
    {Key1, Value, Smaller, delete_1(Key, Bigger)};
delete_1(_, {_, _, Smaller, Larger}) ->
    merge(Smaller, Larger).

merge(Smaller, nil) -> Smaller;
merge(nil, Larger) -> Larger;
merge(Smaller, Larger) ->
    {Key, Value, Larger1} = take_smallest1(Larger),
    {Key, Value, Smaller, Larger1}.

take_any(Key, Tree) ->
    case is_defined(Key, Tree) of
        true -> take(Key, Tree);
        false -> error
    end.

take(Key, {S, T}) when is_integer(S), S >= 0 ->
    {Value, T1} = take_1(Key, T),
    {Value, {S - 1, T1}}.

take_1(Key, {Key1, Value, Smaller, Larger}) when Key < Key1 ->
    {Value2, Smaller1} = take_1(Key, Smaller),
    {Value2, {Key1, Value, Smaller1, Larger}};
take_1(Key, {Key1, Value, Smaller, Bigger}) when Key > Key1 ->
    {Value2, Bigger1} = take_1(Key, Bigger),
    {Value2, {Key1, Value, Smaller, Bigger1}};
take_1(_, {_Key, Value, Smaller, Larger}) ->
    {Value, merge(Smaller, Larger)}.

take_smallest({Size, Tree}) when is_integer(Size), Size >= 0 ->
    {Key, Value, Larger} = take_smallest1(Tree),
    {Key, Value, {Size - 1, Larger}}.

take_smallest1({Key, Value, nil, Larger}) -> {Key, Value, Larger};
take_smallest1({Key, Value, Smaller, Larger}) ->
    {Key1, Value1, Smaller1} = take_smallest1(Smaller),
    {Key1, Value1, {Key, Value, Smaller1, Larger}}.

smallest({_, Tree}) -> smallest_1(Tree).

smallest_1({Key, Value, nil, _Larger}) -> {Key, Value};
smallest_1({_Key, _Value, Smaller, _Larger}) -> smallest_1(Smaller).

take_largest({Size, Tree}) when is_integer(Size), Size >= 0 ->
    {Key, Value, Smaller} = take_largest1(Tree),
    {Key, Value, {Size - 1, Smaller}}.

take_largest1({Key, Value, Smaller, nil}) -> {Key, Value, Smaller};
take_largest1({Key, Value, Smaller, Larger}) ->
    {Key1, Value1, Larger1} = take_largest1(Larger),
    {Key1, Value1, {Key, Value, Smaller, Larger1}}.

largest({_, Tree}) -> largest_1(Tree).

largest_1({Key, Value, _Smaller, nil}) -> {Key, Value};
largest_1({_Key, _Value, _Smaller, Larger}) -> largest_1(Larger).

to_list({_, T}) -> to_list_1(T, []).

to_list_1({Key, Value, Small, Big}, L) ->
    to_list_1(Small, [{Key, Value} | to_list_1(Big, L)]);
to_list_1(nil, L) -> L.

keys({_, T}) -> keys_1(T, []).

keys_1({Key, _Value, Small, Big}, L) -> keys_1(Small, [Key | keys_1(Big, L)]);
keys_1(nil, L) -> L.

values({_, T}) -> values_1(T, []).

values_1({_Key, Value, Small, Big}, L) -> values_1(Small, [Value | values_1(Big, L)]);
values_1(nil, L) -> L.

%% An iterator is the stack of nodes still to visit (smallest first).
iterator({_, T}) -> iterator_1(T, []).

iterator_1({_, _, nil, _} = T, As) -> [T | As];
iterator_1({_, _, L, _} = T, As) -> iterator_1(L, [T | As]);
iterator_1(nil, As) -> As.

iterator_from(S, {_, T}) -> iterator_from_1(S, T, []).

iterator_from_1(S, {K, _, _, T}, As) when K < S -> iterator_from_1(S, T, As);
iterator_from_1(_, {_, _, nil, _} = T, As) -> [T | As];
iterator_from_1(S, {_, _, L, _} = T, As) -> iterator_from_1(S, L, [T | As]);
iterator_from_1(_, nil, As) -> As.

next([{X, V, _, T} | As]) -> {X, V, iterator_1(T, As)};
next([]) -> none.

map(F, {Size, Tree}) when is_function(F, 2) -> {Size, map_1(F, Tree)}.

map_1(_, nil) -> nil;
map_1(F, {K, V, Smaller, Larger}) -> {K, F(K, V), map_1(F, Smaller), map_1(F, Larger)}.

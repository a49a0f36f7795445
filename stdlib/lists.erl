%% lists: the OTP 25 `lists' module, written from its documented behaviour.
%%
%% Every function exported by OTP 25's lists module is here (including the
%% undocumented reverse-merge helpers rmerge/2,3, rmerge3/3, rumerge/2,3,
%% rumerge3/3, rkeymerge/3, rukeymerge/3 that OTP exports for its own sort).
%% Functions that are BIFs in Girder (reverse/2, member/2, keyfind/3, ...)
%% still have a complete Erlang body: it is the reference and the fallback.
%%
%% Sorting is a stable bottom-up merge sort.  For sort/2 with a fun that is a
%% consistent "less than or equal" the result is the same as OTP's; with a
%% strict ("less than") fun, elements that compare equal come out in reverse
%% order, as with OTP.  Deviations from OTP:
%%  * sort/1 keeps elements that compare equal but are not identical (1 and
%%    1.0) in their original order; OTP's sort/1 is not stable for such
%%    elements and may order them differently (the set of elements and the
%%    order of non-equal elements are always the same).  usort/1 keeps the
%%    first of equal elements, as OTP does.
%%  * umerge/1,2,3, umerge3/3, rumerge/2,3, rumerge3/3, ukeymerge/3 and
%%    rukeymerge/3 are only guaranteed to match OTP when their inputs satisfy
%%    the documented precondition (each input sorted without duplicates);
%%    merge functions given unsorted input may order elements differently.
%%  * Error reasons for some malformed inputs (improper lists given to the
%%    sort and merge functions) may differ from OTP's internal artefacts
%%    (OTP sometimes raises {case_clause, _} where Girder raises
%%    function_clause or badarg).
-module(lists).

-export([all/2, any/2, append/1, append/2, concat/1, delete/2, droplast/1,
         dropwhile/2, duplicate/2, enumerate/1, enumerate/2, filter/2,
         filtermap/2, flatlength/1, flatmap/2, flatten/1, flatten/2,
         foldl/3, foldr/3, foreach/2, join/2, keydelete/3, keyfind/3,
         keymap/3, keymember/3, keymerge/3, keyreplace/4, keysearch/3,
         keysort/2, keystore/4, keytake/3, last/1, map/2, mapfoldl/3,
         mapfoldr/3, max/1, member/2, merge/1, merge/2, merge/3, merge3/3,
         min/1, nth/2, nthtail/2, partition/2, prefix/2, reverse/1,
         reverse/2, rkeymerge/3, rmerge/2, rmerge/3, rmerge3/3,
         rukeymerge/3, rumerge/2, rumerge/3, rumerge3/3, search/2, seq/2,
         seq/3, sort/1, sort/2, split/2, splitwith/2, sublist/2, sublist/3,
         subtract/2, suffix/2, sum/1, takewhile/2, ukeymerge/3, ukeysort/2,
         umerge/1, umerge/2, umerge/3, umerge3/3, uniq/1, uniq/2, unzip/1,
         unzip3/1, usort/1, usort/2, zf/2, zip/2, zip3/3, zipwith/3,
         zipwith3/4]).

%%% ---------------------------------------------------------------------
%%% Basic list operations
%%% ---------------------------------------------------------------------

append(L1, L2) -> L1 ++ L2.

append([E]) -> E;
append([H | T]) -> H ++ append(T);
append([]) -> [].

subtract(L1, L2) -> L1 -- L2.

%% reverse/1,2 are BIFs in Girder.
reverse([]) -> [];
reverse([_] = L) -> L;
reverse([A, B]) -> [B, A];
reverse([A, B | T]) -> reverse(T, [B, A]).

reverse(L, Tail) when is_list(L) -> reverse_acc(L, Tail, L);
reverse(_, _) -> erlang:error(badarg).

reverse_acc([H | T], Acc, Orig) -> reverse_acc(T, [H | Acc], Orig);
reverse_acc([], Acc, _Orig) -> Acc;
reverse_acc(_, _, _) -> erlang:error(badarg).

nth(1, [H | _]) -> H;
nth(N, [_ | T]) when N > 1 -> nth(N - 1, T).

nthtail(1, [_ | T]) -> T;
nthtail(N, [_ | T]) when N > 1 -> nthtail(N - 1, T);
nthtail(0, L) when is_list(L) -> L.

prefix([X | P], [X | L]) -> prefix(P, L);
prefix([], L) when is_list(L) -> true;
prefix([_ | _], L) when is_list(L) -> false.

suffix(Suffix, List) ->
    Delta = length(List) - length(Suffix),
    Delta >= 0 andalso nthtail(Delta, List) =:= Suffix.

droplast([_]) -> [];
droplast([H | T]) -> [H | droplast(T)].

last([E | Es]) -> last_1(E, Es).

last_1(_, [E | Es]) -> last_1(E, Es);
last_1(E, []) -> E.

seq(First, Last)
  when is_integer(First), is_integer(Last), First - 1 =< Last ->
    seq_loop(Last - First + 1, Last, []).

seq_loop(0, _, Acc) -> Acc;
seq_loop(N, X, Acc) -> seq_loop(N - 1, X - 1, [X | Acc]).

seq(First, Last, Inc)
  when is_integer(First), is_integer(Last), is_integer(Inc) ->
    if
        Inc > 0, First - Inc =< Last; Inc < 0, First - Inc >= Last ->
            N = (Last - First + Inc) div Inc,
            seq_step(N, Inc * (N - 1) + First, Inc, []);
        Inc =:= 0, First =:= Last ->
            [First];
        true ->
            erlang:error(badarg)
    end;
seq(_, _, _) ->
    erlang:error(badarg).

seq_step(0, _, _, Acc) -> Acc;
seq_step(N, X, Inc, Acc) -> seq_step(N - 1, X - Inc, Inc, [X | Acc]).

sum(L) -> sum_1(L, 0).

sum_1([H | T], Sum) -> sum_1(T, Sum + H);
sum_1([], Sum) -> Sum.

duplicate(N, X) when is_integer(N), N >= 0 -> duplicate_1(N, X, []).

duplicate_1(0, _, Acc) -> Acc;
duplicate_1(N, X, Acc) -> duplicate_1(N - 1, X, [X | Acc]).

min([H | T]) -> min_1(T, H).

min_1([H | T], Min) when H < Min -> min_1(T, H);
min_1([_ | T], Min) -> min_1(T, Min);
min_1([], Min) -> Min.

max([H | T]) -> max_1(T, H).

max_1([H | T], Max) when H > Max -> max_1(T, H);
max_1([_ | T], Max) -> max_1(T, Max);
max_1([], Max) -> Max.

sublist(List, L) when is_integer(L), is_list(List) -> sublist_1(List, L).

sublist_1([H | T], L) when L > 0 -> [H | sublist_1(T, L - 1)];
sublist_1(_, 0) -> [];
sublist_1(List, L) when is_list(List), L > 0 -> [].

sublist(List, 1, L) when is_list(List), is_integer(L), L >= 0 ->
    sublist(List, L);
sublist([], S, _L) when is_integer(S), S >= 2 ->
    [];
sublist([_ | T], S, L) when is_integer(S), S >= 2 ->
    sublist(T, S - 1, L).

delete(Item, [Item | Rest]) -> Rest;
delete(Item, [H | Rest]) -> [H | delete(Item, Rest)];
delete(_, []) -> [].

zip([X | Xs], [Y | Ys]) -> [{X, Y} | zip(Xs, Ys)];
zip([], []) -> [].

unzip(Ts) -> unzip_1(Ts, [], []).

unzip_1([{X, Y} | Ts], Xs, Ys) -> unzip_1(Ts, [X | Xs], [Y | Ys]);
unzip_1([], Xs, Ys) -> {reverse(Xs), reverse(Ys)}.

zip3([X | Xs], [Y | Ys], [Z | Zs]) -> [{X, Y, Z} | zip3(Xs, Ys, Zs)];
zip3([], [], []) -> [].

unzip3(Ts) -> unzip3_1(Ts, [], [], []).

unzip3_1([{X, Y, Z} | Ts], Xs, Ys, Zs) ->
    unzip3_1(Ts, [X | Xs], [Y | Ys], [Z | Zs]);
unzip3_1([], Xs, Ys, Zs) ->
    {reverse(Xs), reverse(Ys), reverse(Zs)}.

zipwith(F, [X | Xs], [Y | Ys]) -> [F(X, Y) | zipwith(F, Xs, Ys)];
zipwith(F, [], []) when is_function(F, 2) -> [].

zipwith3(F, [X | Xs], [Y | Ys], [Z | Zs]) ->
    [F(X, Y, Z) | zipwith3(F, Xs, Ys, Zs)];
zipwith3(F, [], [], []) when is_function(F, 3) -> [].

concat(List) -> flatmap(fun thing_to_list/1, List).

thing_to_list(X) when is_integer(X) -> integer_to_list(X);
thing_to_list(X) when is_float(X) -> float_to_list(X);
thing_to_list(X) when is_atom(X) -> atom_to_list(X);
thing_to_list(X) when is_list(X) -> X.

flatten(List) when is_list(List) -> do_flatten(List, []).

flatten(List, Tail) when is_list(List), is_list(Tail) -> do_flatten(List, Tail).

do_flatten([H | T], Tail) when is_list(H) -> do_flatten(H, do_flatten(T, Tail));
do_flatten([H | T], Tail) -> [H | do_flatten(T, Tail)];
do_flatten([], Tail) -> Tail.

flatlength(List) -> flatlength_1(List, 0).

flatlength_1([H | T], L) when is_list(H) -> flatlength_1(H, flatlength_1(T, L));
flatlength_1([_ | T], L) -> flatlength_1(T, L + 1);
flatlength_1([], L) -> L.

join(Sep, [H | T]) -> [H | join_prepend(Sep, T)];
join(_, []) -> [].

join_prepend(Sep, [H | T]) -> [Sep, H | join_prepend(Sep, T)];
join_prepend(_, []) -> [].

enumerate(List) -> enumerate(1, List).

enumerate(Index, List) when is_integer(Index), is_list(List) ->
    enumerate_1(Index, List).

enumerate_1(I, [H | T]) -> [{I, H} | enumerate_1(I + 1, T)];
enumerate_1(_, []) -> [].

split(N, List) when is_integer(N), N >= 0, is_list(List) ->
    case split_1(N, List, []) of
        {_, _} = Result -> Result;
        Fault when is_atom(Fault) -> erlang:error(Fault)
    end;
split(_, _) ->
    erlang:error(badarg).

split_1(0, L, R) -> {reverse(R, []), L};
split_1(N, [H | T], R) -> split_1(N - 1, T, [H | R]);
split_1(_, [], _) -> badarg.

uniq(L) -> uniq_1(L, #{}).

uniq_1([X | Xs], M) ->
    case is_map_key(X, M) of
        true -> uniq_1(Xs, M);
        false -> [X | uniq_1(Xs, M#{X => true})]
    end;
uniq_1([], _) -> [].

uniq(F, L) when is_function(F, 1) -> uniq_2(L, F, #{}).

uniq_2([X | Xs], F, M) ->
    Key = F(X),
    case is_map_key(Key, M) of
        true -> uniq_2(Xs, F, M);
        false -> [X | uniq_2(Xs, F, M#{Key => true})]
    end;
uniq_2([], _, _) -> [].

%%% ---------------------------------------------------------------------
%%% Key (tuple list) functions
%%% ---------------------------------------------------------------------

%% member/2, keyfind/3, keymember/3 and keysearch/3 are BIFs in Girder.
member(Elem, [H | T]) ->
    case Elem =:= H of
        true -> true;
        false -> member(Elem, T)
    end;
member(_, []) -> false;
member(_, _) -> erlang:error(badarg).

keyfind(Key, N, List) when is_integer(N), N > 0, is_list(List) ->
    keyfind_1(Key, N, List);
keyfind(_, _, _) ->
    erlang:error(badarg).

keyfind_1(Key, N, [H | T]) ->
    case is_tuple(H) andalso tuple_size(H) >= N of
        true ->
            case element(N, H) == Key of
                true -> H;
                false -> keyfind_1(Key, N, T)
            end;
        false ->
            keyfind_1(Key, N, T)
    end;
keyfind_1(_, _, []) -> false;
keyfind_1(_, _, _) -> erlang:error(badarg).

keymember(Key, N, List) ->
    case keyfind(Key, N, List) of
        false -> false;
        _ -> true
    end.

keysearch(Key, N, List) ->
    case keyfind(Key, N, List) of
        false -> false;
        Tuple -> {value, Tuple}
    end.

keydelete(K, N, L) when is_integer(N), N > 0 -> keydelete_1(K, N, L).

keydelete_1(Key, N, [H | T]) when element(N, H) == Key -> T;
keydelete_1(Key, N, [H | T]) -> [H | keydelete_1(Key, N, T)];
keydelete_1(_, _, []) -> [].

keyreplace(K, N, L, New) when is_integer(N), N > 0, is_tuple(New) ->
    keyreplace_1(K, N, L, New).

keyreplace_1(Key, Pos, [Tup | Tail], New) when element(Pos, Tup) == Key ->
    [New | Tail];
keyreplace_1(Key, Pos, [H | T], New) ->
    [H | keyreplace_1(Key, Pos, T, New)];
keyreplace_1(_, _, [], _) -> [].

keytake(Key, N, L) when is_integer(N), N > 0 -> keytake_1(Key, N, L, []).

keytake_1(Key, N, [H | T], L) when element(N, H) == Key ->
    {value, H, reverse(L, T)};
keytake_1(Key, N, [H | T], L) -> keytake_1(Key, N, T, [H | L]);
keytake_1(_, _, [], _) -> false.

keystore(K, N, L, New) when is_integer(N), N > 0, is_tuple(New) ->
    keystore_1(K, N, L, New).

keystore_1(Key, N, [H | T], New) when element(N, H) == Key -> [New | T];
keystore_1(Key, N, [H | T], New) -> [H | keystore_1(Key, N, T, New)];
keystore_1(_, _, [], New) -> [New].

keymap(Fun, Index, [Tup | Tail]) ->
    [setelement(Index, Tup, Fun(element(Index, Tup))) | keymap(Fun, Index, Tail)];
keymap(Fun, Index, []) when is_integer(Index), Index >= 1, is_function(Fun, 1) ->
    [].

%%% ---------------------------------------------------------------------
%%% Higher-order functions
%%% ---------------------------------------------------------------------

%% Like OTP 25, the function argument is checked first (function_clause),
%% and all/2, any/2, map/2 and foldl/3 raise {case_clause, List} for a List
%% that is not a list at all.

all(Pred, List) when is_function(Pred, 1) ->
    case List of
        [_ | _] -> all_1(Pred, List);
        [] -> true
    end.

all_1(Pred, [H | T]) ->
    case Pred(H) of
        true -> all_1(Pred, T);
        false -> false
    end;
all_1(_, []) -> true.

any(Pred, List) when is_function(Pred, 1) ->
    case List of
        [_ | _] -> any_1(Pred, List);
        [] -> false
    end.

any_1(Pred, [H | T]) ->
    case Pred(H) of
        true -> true;
        false -> any_1(Pred, T)
    end;
any_1(_, []) -> false.

map(F, List) when is_function(F, 1) ->
    case List of
        [_ | _] -> map_1(F, List);
        [] -> []
    end.

map_1(F, [H | T]) -> [F(H) | map_1(F, T)];
map_1(_, []) -> [].

flatmap(F, List) when is_function(F, 1) -> flatmap_1(F, List).

flatmap_1(F, [H | T]) -> F(H) ++ flatmap_1(F, T);
flatmap_1(_, []) -> [].

foldl(F, Acc, List) when is_function(F, 2) ->
    case List of
        [_ | _] -> foldl_1(F, Acc, List);
        [] -> Acc
    end.

foldl_1(F, Acc, [H | T]) -> foldl_1(F, F(H, Acc), T);
foldl_1(_, Acc, []) -> Acc.

foldr(F, Acc, List) when is_function(F, 2) -> foldr_1(F, Acc, List).

foldr_1(F, Acc, [H | T]) -> F(H, foldr_1(F, Acc, T));
foldr_1(_, Acc, []) -> Acc.

filter(Pred, List) when is_function(Pred, 1) -> filter_1(Pred, List).

%% Behaves like the list comprehension [E || E <- List, Pred(E)].
filter_1(Pred, [H | T]) ->
    case Pred(H) of
        true -> [H | filter_1(Pred, T)];
        false -> filter_1(Pred, T);
        Other -> erlang:error({bad_filter, Other})
    end;
filter_1(_, []) -> [];
filter_1(_, Tail) -> erlang:error({bad_generator, Tail}).

partition(Pred, L) when is_function(Pred, 1) -> partition_1(Pred, L, [], []).

partition_1(Pred, [H | T], As, Bs) ->
    case Pred(H) of
        true -> partition_1(Pred, T, [H | As], Bs);
        false -> partition_1(Pred, T, As, [H | Bs])
    end;
partition_1(_, [], As, Bs) ->
    {reverse(As), reverse(Bs)}.

zf(F, L) -> filtermap(F, L).

filtermap(F, List) when is_function(F, 1) -> filtermap_1(F, List).

filtermap_1(F, [H | T]) ->
    case F(H) of
        false -> filtermap_1(F, T);
        true -> [H | filtermap_1(F, T)];
        {true, Val} -> [Val | filtermap_1(F, T)]
    end;
filtermap_1(_, []) -> [].

foreach(F, List) when is_function(F, 1) -> foreach_1(F, List).

foreach_1(F, [H | T]) ->
    F(H),
    foreach_1(F, T);
foreach_1(_, []) -> ok.

mapfoldl(F, Acc, List) when is_function(F, 2) -> mapfoldl_1(F, Acc, List).

mapfoldl_1(F, Acc0, [H | T]) ->
    {R, Acc1} = F(H, Acc0),
    {Rs, Acc2} = mapfoldl_1(F, Acc1, T),
    {[R | Rs], Acc2};
mapfoldl_1(_, Acc, []) -> {[], Acc}.

mapfoldr(F, Acc, List) when is_function(F, 2) -> mapfoldr_1(F, Acc, List).

mapfoldr_1(F, Acc0, [H | T]) ->
    {Rs, Acc1} = mapfoldr_1(F, Acc0, T),
    {R, Acc2} = F(H, Acc1),
    {[R | Rs], Acc2};
mapfoldr_1(_, Acc, []) -> {[], Acc}.

takewhile(Pred, List) when is_function(Pred, 1) -> takewhile_1(Pred, List).

takewhile_1(Pred, [H | T]) ->
    case Pred(H) of
        true -> [H | takewhile_1(Pred, T)];
        false -> []
    end;
takewhile_1(_, []) -> [].

dropwhile(Pred, List) when is_function(Pred, 1) -> dropwhile_1(Pred, List).

dropwhile_1(Pred, [H | T] = Rest) ->
    case Pred(H) of
        true -> dropwhile_1(Pred, T);
        false -> Rest
    end;
dropwhile_1(_, []) -> [].

search(Pred, List) when is_function(Pred, 1) -> search_1(Pred, List).

search_1(Pred, [H | T]) ->
    case Pred(H) of
        true -> {value, H};
        false -> search_1(Pred, T)
    end;
search_1(_, []) -> false.

splitwith(Pred, List) when is_function(Pred, 1) -> splitwith_1(Pred, List, []).

splitwith_1(Pred, [H | T], Taken) ->
    case Pred(H) of
        true -> splitwith_1(Pred, T, [H | Taken]);
        false -> {reverse(Taken), [H | T]}
    end;
splitwith_1(_, [], Taken) -> {reverse(Taken), []}.

%%% ---------------------------------------------------------------------
%%% Sorting: stable bottom-up merge sort over an explicit list of runs.
%%% ---------------------------------------------------------------------

sort([]) -> [];
sort([_] = L) -> L;
sort([_ | _] = L) -> merge_runs(pair_runs(L, [])).

%% Split into sorted runs of length <= 2 (checks for a proper list).
pair_runs([A, B | T], Acc) ->
    case A =< B of
        true -> pair_runs(T, [[A, B] | Acc]);
        false -> pair_runs(T, [[B, A] | Acc])
    end;
pair_runs([A], Acc) -> reverse(Acc, [[A]]);
pair_runs([], Acc) -> reverse(Acc).

merge_runs([Run]) -> Run;
merge_runs(Runs) -> merge_runs(merge_pairs(Runs)).

merge_pairs([A, B | T]) -> [merge2(A, B, []) | merge_pairs(T)];
merge_pairs(Rest) -> Rest.

%% Stable: on equality the element of the left list comes first.
merge2([H1 | T1] = L1, [H2 | T2] = L2, Acc) ->
    case H1 =< H2 of
        true -> merge2(T1, L2, [H1 | Acc]);
        false -> merge2(L1, T2, [H2 | Acc])
    end;
merge2([], L2, Acc) -> reverse(Acc, L2);
merge2(L1, [], Acc) -> reverse(Acc, L1).

sort(Fun, []) when is_function(Fun, 2) -> [];
sort(Fun, [_] = L) when is_function(Fun, 2) -> L;
sort(Fun, [_, _ | _] = L) -> fmerge_runs(Fun, fpair_runs(Fun, L, [])).

fpair_runs(Fun, [A, B | T], Acc) ->
    case Fun(A, B) of
        true -> fpair_runs(Fun, T, [[A, B] | Acc]);
        false -> fpair_runs(Fun, T, [[B, A] | Acc])
    end;
fpair_runs(_, [A], Acc) -> reverse(Acc, [[A]]);
fpair_runs(_, [], Acc) -> reverse(Acc).

fmerge_runs(_, [Run]) -> Run;
fmerge_runs(Fun, Runs) -> fmerge_runs(Fun, fmerge_pairs(Fun, Runs)).

fmerge_pairs(Fun, [A, B | T]) -> [fmerge2(Fun, A, B, []) | fmerge_pairs(Fun, T)];
fmerge_pairs(_, Rest) -> Rest.

fmerge2(Fun, [H1 | T1] = L1, [H2 | T2] = L2, Acc) ->
    case Fun(H1, H2) of
        true -> fmerge2(Fun, T1, L2, [H1 | Acc]);
        false -> fmerge2(Fun, L1, T2, [H2 | Acc])
    end;
fmerge2(_, [], L2, Acc) -> reverse(Acc, L2);
fmerge2(_, L1, [], Acc) -> reverse(Acc, L1).

usort([]) -> [];
usort([_] = L) -> L;
usort([_ | _] = L) -> dedup(sort(L)).

%% Drop elements that compare equal (==) to the previous kept one.
dedup([H | T]) -> [H | dedup_1(H, T)].

dedup_1(Prev, [H | T]) when H == Prev -> dedup_1(Prev, T);
dedup_1(_, [H | T]) -> [H | dedup_1(H, T)];
dedup_1(_, []) -> [].

usort(Fun, []) when is_function(Fun, 2) -> [];
usort(Fun, [_] = L) when is_function(Fun, 2) -> L;
usort(Fun, [_ | _] = L) when is_function(Fun, 2) -> fdedup(Fun, sort(Fun, L)).

fdedup(Fun, [H | T]) -> [H | fdedup_1(Fun, H, T)].

fdedup_1(Fun, Prev, [H | T]) ->
    case Fun(H, Prev) andalso Fun(Prev, H) of
        true -> fdedup_1(Fun, Prev, T);
        false -> [H | fdedup_1(Fun, H, T)]
    end;
fdedup_1(_, _, []) -> [].

keysort(I, L) when is_integer(I), I > 0 ->
    case L of
        [] -> L;
        [_] -> L;
        [_, _ | _] -> kmerge_runs(I, kpair_runs(I, L, []))
    end.

kpair_runs(I, [A, B | T], Acc) ->
    case element(I, A) =< element(I, B) of
        true -> kpair_runs(I, T, [[A, B] | Acc]);
        false -> kpair_runs(I, T, [[B, A] | Acc])
    end;
kpair_runs(_, [A], Acc) -> reverse(Acc, [[A]]);
kpair_runs(_, [], Acc) -> reverse(Acc).

kmerge_runs(_, [Run]) -> Run;
kmerge_runs(I, Runs) -> kmerge_runs(I, kmerge_pairs(I, Runs)).

kmerge_pairs(I, [A, B | T]) -> [kmerge2(I, A, B, []) | kmerge_pairs(I, T)];
kmerge_pairs(_, Rest) -> Rest.

kmerge2(I, [H1 | T1] = L1, [H2 | T2] = L2, Acc) ->
    case element(I, H1) =< element(I, H2) of
        true -> kmerge2(I, T1, L2, [H1 | Acc]);
        false -> kmerge2(I, L1, T2, [H2 | Acc])
    end;
kmerge2(_, [], L2, Acc) -> reverse(Acc, L2);
kmerge2(_, L1, [], Acc) -> reverse(Acc, L1).

ukeysort(I, L) when is_integer(I), I > 0 ->
    case L of
        [] -> L;
        [_] -> L;
        [_, _ | _] -> kdedup(I, keysort(I, L))
    end.

kdedup(I, [H | T]) -> [H | kdedup_1(I, element(I, H), T)].

kdedup_1(I, Key, [H | T]) ->
    K = element(I, H),
    case K == Key of
        true -> kdedup_1(I, Key, T);
        false -> [H | kdedup_1(I, K, T)]
    end;
kdedup_1(_, _, []) -> [].

%%% ---------------------------------------------------------------------
%%% Merging
%%%
%%% All two-way merges share one loop, parameterised by a function
%%% First(H1, H2) -> true when H1 (from the first list) is to be output
%%% before H2.  The output is accumulated in reverse; when one input runs
%%% out the rest of the other is reversed onto the accumulator (so an
%%% improper tail raises badarg, like OTP).  The unique merges use a
%%% three-way comparison Cmp(H1, H2) -> first | second | equal.
%%% ---------------------------------------------------------------------

merge(T1, []) -> T1;
merge(T1, [H2 | T2]) -> gmerge_a(fun le/2, T1, H2, T2, []).

merge(Fun, T1, []) when is_function(Fun, 2) -> T1;
merge(Fun, T1, [H2 | T2]) when is_function(Fun, 2) ->
    gmerge_a(fun(A, B) -> call_bool(Fun, A, B) end, T1, H2, T2, []).

le(A, B) -> A =< B.

call_bool(Fun, A, B) ->
    case Fun(A, B) of
        true -> true;
        false -> false
    end.

%% H2 is pending; walk the first list.
gmerge_a(First, [H1 | T1], H2, T2, M) ->
    case First(H1, H2) of
        true -> gmerge_a(First, T1, H2, T2, [H1 | M]);
        false -> gmerge_b(First, H1, T1, T2, [H2 | M])
    end;
gmerge_a(_, [], H2, T2, M) ->
    reverse(reverse(T2, [H2 | M]), []).

%% H1 is pending; walk the second list.
gmerge_b(First, H1, T1, [H2 | T2], M) ->
    case First(H1, H2) of
        true -> gmerge_a(First, T1, H2, T2, [H1 | M]);
        false -> gmerge_b(First, H1, T1, T2, [H2 | M])
    end;
gmerge_b(_, H1, T1, [], M) ->
    reverse(reverse(T1, [H1 | M]), []).

merge(ListOfLists) -> mergel(ListOfLists).

mergel([]) -> [];
mergel([L]) -> L;
mergel(Ls) -> mergel(mergel_pairs(Ls)).

mergel_pairs([A, B | T]) -> [merge(A, B) | mergel_pairs(T)];
mergel_pairs([A]) -> [A];
mergel_pairs([]) -> [].

merge3(L1, L2, []) -> merge(L1, L2);
merge3(L1, [], L3) -> merge(L1, L3);
merge3(L1, L2, L3) -> merge(merge(L1, L2), L3).

keymerge(I, T1, L2) when is_integer(I), I > 0 ->
    case L2 of
        [] ->
            T1;
        [H2 | T2] ->
            _ = element(I, H2),
            gmerge_a(fun(A, B) -> element(I, A) =< element(I, B) end,
                     T1, H2, T2, [])
    end.

%% Reverse merges: the inputs are sorted in descending order.
rmerge(T1, []) -> T1;
rmerge(T1, [H2 | T2]) -> gmerge_a(fun(A, B) -> A > B end, T1, H2, T2, []).

rmerge(Fun, T1, []) when is_function(Fun, 2) -> T1;
rmerge(Fun, T1, [H2 | T2]) when is_function(Fun, 2) ->
    gmerge_a(fun(A, B) -> not call_bool(Fun, A, B) end, T1, H2, T2, []).

rmerge3(L1, L2, []) -> rmerge(L1, L2);
rmerge3(L1, [], L3) -> rmerge(L1, L3);
rmerge3(L1, L2, L3) -> rmerge(rmerge(L1, L2), L3).

rkeymerge(I, T1, L2) when is_integer(I), I > 0 ->
    case L2 of
        [] ->
            T1;
        [H2 | T2] ->
            _ = element(I, H2),
            gmerge_a(fun(A, B) -> element(I, A) > element(I, B) end,
                     T1, H2, T2, [])
    end.

%% Unique merges: on equality the element of the first list is kept.
umerge([], T2) -> T2;
umerge([H1 | T1], T2) -> gumerge_b(fun ucmp/2, H1, T1, T2, []).

ucmp(A, B) when A < B -> first;
ucmp(A, B) when A == B -> equal;
ucmp(_, _) -> second.

umerge(Fun, [], T2) when is_function(Fun, 2) -> T2;
umerge(Fun, [H1 | T1], T2) when is_function(Fun, 2) ->
    gumerge_b(fun(A, B) -> fun_ucmp(Fun, A, B) end, H1, T1, T2, []).

fun_ucmp(Fun, A, B) ->
    case call_bool(Fun, A, B) of
        true ->
            case call_bool(Fun, B, A) of
                true -> equal;
                false -> first
            end;
        false ->
            second
    end.

%% H2 is pending; walk the first list.
gumerge_a(Cmp, [H1 | T1], H2, T2, M) ->
    case ucall(Cmp, H1, H2) of
        first -> gumerge_a(Cmp, T1, H2, T2, [H1 | M]);
        second -> gumerge_b(Cmp, H1, T1, T2, [H2 | M]);
        equal -> gumerge_next(Cmp, T1, T2, [H1 | M])
    end;
gumerge_a(_, [], H2, T2, M) ->
    reverse(reverse(T2, [H2 | M]), []).

%% H1 is pending; walk the second list.
gumerge_b(Cmp, H1, T1, [H2 | T2], M) ->
    case ucall(Cmp, H1, H2) of
        first -> gumerge_a(Cmp, T1, H2, T2, [H1 | M]);
        second -> gumerge_b(Cmp, H1, T1, T2, [H2 | M]);
        equal -> gumerge_next(Cmp, T1, T2, [H1 | M])
    end;
gumerge_b(_, H1, T1, [], M) ->
    reverse(reverse(T1, [H1 | M]), []).

%% After an equal pair, the ascending merges continue with the next element
%% of the first list pending, the descending ones with the next element of
%% the second list pending (this only shows in which error an improper
%% list raises).
gumerge_next({rev, _} = Cmp, T1, T2, M) -> gumerge_next2(Cmp, T1, T2, M);
gumerge_next(Cmp, T1, T2, M) -> gumerge_next1(Cmp, T1, T2, M).

gumerge_next1(Cmp, [H1 | T1], T2, M) -> gumerge_b(Cmp, H1, T1, T2, M);
gumerge_next1(_, [], T2, M) -> reverse(reverse(T2, M), []).

gumerge_next2(Cmp, T1, [H2 | T2], M) -> gumerge_a(Cmp, T1, H2, T2, M);
gumerge_next2(_, T1, [], M) -> reverse(reverse(T1, M), []).

ucall({rev, Cmp}, A, B) -> Cmp(A, B);
ucall(Cmp, A, B) -> Cmp(A, B).

umerge(ListOfLists) -> umergel(ListOfLists).

umergel([]) -> [];
umergel([L]) -> L;
umergel(Ls) -> umergel(umergel_pairs(Ls)).

umergel_pairs([A, B | T]) -> [umerge(A, B) | umergel_pairs(T)];
umergel_pairs([A]) -> [A];
umergel_pairs([]) -> [].

umerge3(L1, L2, []) -> umerge(L1, L2);
umerge3(L1, [], L3) -> umerge(L1, L3);
umerge3(L1, L2, L3) -> umerge(L1, umerge(L2, L3)).

ukeymerge(I, L1, T2) when is_integer(I), I > 0 ->
    case L1 of
        [] ->
            T2;
        [H1 | T1] ->
            _ = element(I, H1),
            gumerge_b(fun(A, B) -> ukcmp(element(I, A), element(I, B)) end,
                      H1, T1, T2, [])
    end.

ukcmp(A, B) when A < B -> first;
ukcmp(A, B) when A == B -> equal;
ukcmp(_, _) -> second.

rumerge(T1, []) -> T1;
rumerge(T1, [H2 | T2]) -> gumerge_a({rev, fun rucmp/2}, T1, H2, T2, []).

rucmp(A, B) when A > B -> first;
rucmp(A, B) when A == B -> equal;
rucmp(_, _) -> second.

rumerge(Fun, T1, []) when is_function(Fun, 2) -> T1;
rumerge(Fun, T1, [H2 | T2]) when is_function(Fun, 2) ->
    gumerge_a({rev, fun(A, B) -> fun_rucmp(Fun, A, B) end}, T1, H2, T2, []).

fun_rucmp(Fun, A, B) ->
    case call_bool(Fun, A, B) of
        true ->
            case call_bool(Fun, B, A) of
                true -> equal;
                false -> second
            end;
        false ->
            first
    end.

rumerge3(L1, L2, []) -> rumerge(L1, L2);
rumerge3(L1, [], L3) -> rumerge(L1, L3);
rumerge3(L1, L2, L3) -> rumerge(L1, rumerge(L2, L3)).

rukeymerge(I, T1, L2) when is_integer(I), I > 0 ->
    case L2 of
        [] ->
            T1;
        [H2 | T2] ->
            _ = element(I, H2),
            gumerge_a({rev, fun(A, B) -> rucmp(element(I, A), element(I, B)) end},
                      T1, H2, T2, [])
    end.

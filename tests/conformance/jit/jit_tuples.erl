-module(jit_tuples).
-export([main/0]).

%% Tuple construction (put_tuple), element access (get_tuple_element,
%% element/2), setelement, arity tests and tuple patterns, including
%% construction in loops that force garbage collection.

id(X) -> X.

mk0() -> {}.
mk1(A) -> {A}.
mk2(A, B) -> {A, B}.
mk3(A, B, C) -> {A, B, C}.
mk5(A, B, C, D, E) -> {E, D, C, B, A}.
mk10(A) -> {A, A + 1, A + 2, A + 3, A + 4, A + 5, A + 6, A + 7, A + 8, A + 9}.

swap({A, B}) -> {B, A}.
rot({A, B, C}) -> {B, C, A}.
first({A, _, _}) -> A.
third({_, _, C}) -> C.

sum_tuple(T) -> sum_tuple(T, tuple_size(T), 0).
sum_tuple(_, 0, Acc) -> Acc;
sum_tuple(T, N, Acc) -> sum_tuple(T, N - 1, Acc + element(N, T)).

%% a binary tree of tuples
insert(K, nil) -> {K, nil, nil};
insert(K, {K2, L, R}) when K < K2 -> {K2, insert(K, L), R};
insert(K, {K2, L, R}) when K > K2 -> {K2, L, insert(K, R)};
insert(_, T) -> T.
to_list(nil) -> [];
to_list({K, L, R}) -> to_list(L) ++ [K] ++ to_list(R).
depth(nil) -> 0;
depth({_, L, R}) -> 1 + max(depth(L), depth(R)).

safe_element(N, T) ->
    try element(N, T) catch C:R -> {C, R} end.
safe_setelement(N, T, V) ->
    try setelement(N, T, V) catch C:R -> {C, R} end.

main() ->
    Max = id(576460752303423487),
    X = id(x), Big = id(1 bsl 64), F = id(1.5),
    io:format("~w~n", [[mk0(), mk1(X), mk2(X, Big), mk3(F, [], <<"b">>), mk5(1, 2, 3, 4, 5)]]),
    io:format("~w~n", [mk10(Max - 4)]),
    io:format("~w~n", [[swap(id({1, 2})), rot(id({a, b, c})), first(id({p, q, r})), third(id({p, q, r}))]]),
    %% nested construction and access
    N = id({{1, {2, {3, {4, {5, nil}}}}}, [a | {b}], {{}}}),
    {{One, {Two, {Three, _}}}, [_ | {Bee}], {{}}} = N,
    io:format("~w~n", [{One, Two, Three, Bee, element(1, element(3, N)), tuple_size(element(3, N))}]),
    %% element/setelement over every index, including out of range
    T5 = id({a, 2, 3.0, "four", {five}}),
    io:format("~w~n", [[safe_element(I, T5) || I <- [0, 1, 2, 3, 4, 5, 6, -1, a, 1.0, Max, Max + 1]]]),
    io:format("~w~n", [[safe_setelement(I, T5, z) || I <- [0, 1, 3, 5, 6, a]]]),
    io:format("~w~n", [[safe_element(1, V) || V <- [{}, [], a, 1, <<1>>, #{1 => 2}]]]),
    %% big tuples
    Big300 = list_to_tuple(lists:seq(1, 300)),
    io:format("~w ~w ~w ~w~n", [tuple_size(Big300), element(1, Big300), element(300, Big300), sum_tuple(Big300)]),
    B2 = setelement(150, Big300, x),
    io:format("~w ~w ~w~n", [element(150, B2), element(150, Big300), B2 =:= Big300]),
    %% tuple equality and ordering by arity then elements
    Ts = [{}, {1}, {2}, {1, 1}, {1, 0.5}, {0, 2}, {a}, {[]}, {1, 2, 3}, {{}}, {1.5}],
    io:format("~w~n", [lists:sort(fun(A, B) -> A =< B end, Ts)]),
    io:format("~w~n", [[{A == B, A =:= B} || {A, B} <- [{{1}, {1.0}}, {{1, {2}}, {1, {2.0}}}, {{a, b}, {a, b}}, {{}, {}}]]]),
    %% a tree built from 2000 keys (allocation in a loop)
    Keys = [(K * 7919) rem 2003 || K <- lists:seq(1, 2000)],
    Tree = lists:foldl(fun insert/2, nil, Keys),
    L = to_list(Tree),
    io:format("~w ~w ~w ~w~n", [length(L), hd(L), lists:last(L), depth(Tree)]),
    %% lots of short-lived tuples: forces many collections
    Acc = lists:foldl(fun(I, {S, P}) -> {S + I, {I, P, S}} end, {0, nil}, lists:seq(1, 200000)),
    {S, {Last, {Prev, _, _}, S1}} = Acc,
    io:format("~w ~w ~w ~w~n", [S, Last, Prev, S1]),
    %% tuple_to_list / list_to_tuple round trip
    io:format("~w~n", [[tuple_to_list(list_to_tuple(lists:seq(1, K))) =:= lists:seq(1, K) || K <- [0, 1, 2, 63, 64, 65, 255, 256]]]),
    %% records are tagged tuples
    R = id({rec, 1, two, "three"}),
    io:format("~w~n", [[is_tuple(R), tuple_size(R), element(1, R), is_record_like(R), is_record_like({rec, 1}), is_record_like({other, 1, 2, 3})]]),
    ok.

is_record_like({rec, _, _, _}) -> true;
is_record_like(_) -> false.

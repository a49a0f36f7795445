-module(jit_lists).
-export([main/0]).

%% List fast paths: is_list / is_nonempty_list / is_nil tests, [H|T]
%% patterns (get_list, get_hd, get_tl), hd/tl, cons construction, improper
%% lists, long lists.

id(X) -> X.

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

len_acc(L) -> len_acc(L, 0).
len_acc([], N) -> N;
len_acc([_ | T], N) -> len_acc(T, N + 1).

rev(L) -> rev(L, []).
rev([], A) -> A;
rev([H | T], A) -> rev(T, [H | A]).

firsts([H1, H2 | _]) -> {two, H1, H2};
firsts([H]) -> {one, H};
firsts([]) -> none;
firsts(_) -> not_list.

improper([_ | T]) when not is_list(T) -> {tail, T};
improper([_ | T]) -> improper(T);
improper([]) -> proper;
improper(X) -> {not_list, X}.

kind([]) -> nil;
kind([_ | _]) -> cons;
kind(_) -> other.

safe(F) -> try F() catch C:R -> {C, R} end.

pairs([A, B | T]) -> [{A, B} | pairs(T)];
pairs([A]) -> [{A}];
pairs([]) -> [].

main() ->
    Ls = [[], [1], [1, 2], [1, 2, 3], "abc", [[]], [a | b], [1, 2 | 3], [[1], [2]], [{}], [<<>>]],
    lists:foreach(fun(L0) ->
                          L = id(L0),
                          io:format("~w: ~w ~w ~w ~w~n",
                                    [L, kind(L), firsts(L), improper(L),
                                     safe(fun() -> length(L) end)])
                  end, Ls),
    io:format("~w~n", [[kind(id(V)) || V <- [0, a, {}, <<>>, 1.0, "", [0]]]]),
    io:format("~w~n", [[safe(fun() -> hd(id(V)) end) || V <- [[1], [a | b], [], a, {1}, "x"]]]),
    io:format("~w~n", [[safe(fun() -> tl(id(V)) end) || V <- [[1], [a | b], [], a, {1}, "xy"]]]),
    %% cons construction with every kind of head and tail
    Hs = [0, -1, 576460752303423487, 1 bsl 64, 2.5, a, [], {}, <<"b">>, "s"],
    io:format("~w~n", [[[H | id(T)] || H <- Hs, T <- [[], [z], t]]]),
    %% pattern matching lists of numbers near the boundary
    B = id([576460752303423487, -576460752303423488, 576460752303423488]),
    [Mx, Mn, Bg] = B,
    io:format("~w~n", [[Mx + 1, Mn - 1, Bg - 1, Mx + Mn]]),
    io:format("~w~n", [pairs(id(lists:seq(1, 11)))]),
    %% long lists: a million-element list through body and tail recursion
    Long = lists:seq(1, 1000000),
    io:format("~w ~w~n", [len(Long), len_acc(Long)]),
    R = rev(Long),
    io:format("~w ~w ~w~n", [hd(R), hd(tl(R)), lists:nth(1000000, R)]),
    io:format("~w~n", [lists:sum(Long)]),
    %% equality and ordering of lists
    Cmp = [[1], [1, 2], [1 | 2], [2], [0.5], [], "a", [a], [[]], [1, 1]],
    io:format("~w~n", [lists:sort(fun(X, Y) -> X =< Y end, Cmp)]),
    io:format("~w~n", [[{X == Y, X =:= Y, X < Y} || X <- [[1], [1.0], [1 | 2]], Y <- [[1], [1.0], [1 | 2.0]]]]),
    %% list comprehension with filters over mixed values
    Mixed = [1, a, 2.0, [], [x], {t}, <<>>, -3, 1 bsl 62],
    io:format("~w~n", [[X * 2 || X <- Mixed, is_integer(X)]]),
    io:format("~w~n", [[X || X <- Mixed, is_list(X)]]),
    io:format("~w~n", [[H || [H | _] <- Mixed]]),
    ok.

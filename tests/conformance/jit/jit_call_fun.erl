%% Calling funs (the JIT calls closures inline): closures with 0..12 free
%% variables, export funs, BIF funs, named recursive funs, deep tail calls
%% through funs, funs called with the wrong arity or non-funs (badarity,
%% badfun), and funs made by other functions.
-module(jit_call_fun).
-export([main/0, triple/1]).
triple(X) -> 3 * X.
adder(N) -> fun(X) -> X + N end.
many(A, B, C, D, E, F, G, H, I, J, K, L) ->
    fun(X) -> [X, A, B, C, D, E, F, G, H, I, J, K, L] end.
loop(_F, 0, Acc) -> Acc;
loop(F, N, Acc) -> loop(F, N - 1, F(Acc)).
main() ->
    Zero = fun() -> zero end,
    One = adder(10),
    Twelve = many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
    Ext = fun ?MODULE:triple/1,
    Bif = fun erlang:abs/1,
    Loc = fun triple/1,
    io:format("~p ~p ~p ~p ~p ~p~n", [Zero(), One(5), Twelve(0), Ext(4), Bif(-7), Loc(2)]),
    io:format("~p~n", [loop(One, 1000000, 0)]),
    io:format("~p~n", [loop(fun(A) -> A + 1 end, 1000000, 0)]),
    Fact = fun F(0) -> 1; F(N) -> N * F(N - 1) end,
    io:format("~p~n", [Fact(25)]),
    Count = fun C(0, Acc) -> Acc; C(N, Acc) -> C(N - 1, Acc + 1) end,
    io:format("~p~n", [Count(2000000, 0)]),
    io:format("~p~n", [lists:foldl(fun(X, S) -> X + S end, 0, lists:seq(1, 100000))]),
    io:format("~p~n", [lists:map(fun(X) -> {X, One(X)} end, [1, 2, 3])]),
    io:format("~p~n", [catch_it(fun() -> (id(One))(1, 2) end)]),
    io:format("~p~n", [catch_it(fun() -> (id(not_a_fun))(1) end)]),
    io:format("~p~n", [catch_it(fun() -> (id({a, b}))() end)]),
    io:format("~p~n", [catch_it(fun() -> Ext(1, 2) end)]),
    io:format("~p~n", [catch_it(fun() -> Bif(a) end)]),
    io:format("~p~n", [catch_it(fun() -> One(a) end)]),
    G = fun(X) -> case X of 0 -> done; _ -> {more, X} end end,
    io:format("~p ~p~n", [G(0), G(3)]),
    ok.
id(X) -> X.
catch_it(F) ->
    try F() of V -> {ok, V}
    catch C:R -> {C, element(1, if is_tuple(R) -> R; true -> {R} end)}
    end.

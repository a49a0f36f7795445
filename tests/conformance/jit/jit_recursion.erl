-module(jit_recursion).
-export([main/0, ext_sum/2, ext_count/1, ping/1, pong/1]).

%% Deep body recursion (a million frames), tail calls in constant space,
%% mutual recursion, calls across modules (remote calls to this module and
%% to stdlib), funs and closures, apply.

id(X) -> X.

%% body recursion
sum_to(0) -> 0;
sum_to(N) -> N + sum_to(N - 1).

build(0) -> [];
build(N) -> [N | build(N - 1)].

%% body recursion that keeps several live values per frame
frames(0, A, B, C) -> {A, B, C};
frames(N, A, B, C) ->
    {X, Y, Z} = frames(N - 1, A + 1, B - 1, C),
    {X, Y, Z + N rem 3}.

%% tail recursion
count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).

%% mutual tail recursion
even(0) -> true;
even(N) -> odd(N - 1).
odd(0) -> false;
odd(N) -> even(N - 1).

%% remote (external) calls to this module: body and tail
ext_sum(0, Acc) -> Acc;
ext_sum(N, Acc) -> ?MODULE:ext_sum(N - 1, Acc + N).
ext_count(0) -> 0;
ext_count(N) -> 1 + ?MODULE:ext_count(N - 1).
ping(0) -> ping_done;
ping(N) -> ?MODULE:pong(N - 1).
pong(0) -> pong_done;
pong(N) -> ?MODULE:ping(N - 1).

%% recursion through funs
fun_count(F, 0, Acc) -> F(Acc);
fun_count(F, N, Acc) -> fun_count(F, N - 1, Acc + 1).

ackermann(0, N) -> N + 1;
ackermann(M, 0) -> ackermann(M - 1, 1);
ackermann(M, N) -> ackermann(M - 1, ackermann(M, N - 1)).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

%% naive fib over bignums: the recursion crosses the small boundary
fibl(N) -> fibl(N, 0, 1).
fibl(0, A, _) -> A;
fibl(N, A, B) -> fibl(N - 1, B, A + B).

%% body recursion whose result grows past the small range
pow2(0) -> 1;
pow2(N) -> 2 * pow2(N - 1).

main() ->
    io:format("~w~n", [sum_to(id(1000000))]),
    L = build(id(1000000)),
    io:format("~w ~w ~w~n", [length(L), hd(L), lists:last(L)]),
    io:format("~w~n", [frames(id(300000), 0, 0, 0)]),
    io:format("~w~n", [count(id(3000000), 0)]),
    io:format("~w ~w~n", [even(id(1000001)), odd(id(1000001))]),
    io:format("~w ~w~n", [ext_sum(id(1000000), 0), ext_count(id(1000000))]),
    io:format("~w ~w~n", [ping(id(1000000)), ping(id(999999))]),
    F = fun(X) -> {done, X} end,
    io:format("~w~n", [fun_count(F, id(1000000), 0)]),
    %% a named fun recursing a million deep in body position
    Len = fun Len([]) -> 0; Len([_ | T]) -> 1 + Len(T) end,
    io:format("~w~n", [Len(L)]),
    %% closures capturing values near the small boundary
    Adders = [fun(X) -> X + K end || K <- [1, -1, 576460752303423487, -576460752303423488]],
    io:format("~w~n", [[A(V) || A <- Adders, V <- [0, 1, -1, 576460752303423487, -576460752303423488]]]),
    %% apply, fun M:F/A and stdlib higher order functions
    io:format("~w~n", [[apply(?MODULE, ext_sum, [id(10), 0]), apply(fun ?MODULE:ext_count/1, [id(7)]),
                        (fun ?MODULE:ping/1)(id(4)), erlang:apply(lists, sum, [[1, 2, 3]])]]),
    io:format("~w~n", [lists:foldl(fun(X, Acc) -> X + Acc end, 0, L)]),
    io:format("~w~n", [lists:sum(lists:map(fun(X) -> X * X end, lists:seq(1, 100000)))]),
    io:format("~w~n", [[ackermann(2, 3), ackermann(3, 3), fib(id(23))]]),
    io:format("~w~n", [[fibl(N) || N <- [80, 86, 87, 88, 90, 100]]]),
    io:format("~w~n", [[pow2(N) || N <- [58, 59, 60, 61, 64]]]),
    %% deep recursion after deep recursion (the stack shrinks and grows again)
    io:format("~w~n", [[sum_to(id(N)) || N <- [10, 500000, 10, 1000000]]]),
    ok.

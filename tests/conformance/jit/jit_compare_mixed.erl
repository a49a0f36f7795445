-module(jit_compare_mixed).
-export([main/0]).

%% Comparison fast paths (< >= =< > == /= =:= =/=) on smalls, and their
%% generic paths: small vs float, small vs bignum, float vs bignum, and
%% mixed types in the standard term order.

id(X) -> X.

%% a comparison in test position (a conditional jump) rather than as a value
-define(G(E), (if E -> t; true -> f end)).

values() ->
    Max = id(576460752303423487), Min = id(-576460752303423488),
    [Min - 1, Min, Min + 1, -(1 bsl 64), -1, 0, 1, 2, Max - 1, Max, Max + 1,
     1 bsl 60, 1 bsl 64,
     -1.0, -0.0, 0.0, 0.5, 1.0, 2.0, 5.764607523034235e17, -5.764607523034235e17,
     1.152921504606847e18, 1.8446744073709552e19, 9007199254740992.0,
     9007199254740993, 9007199254740992, 9007199254740991,
     a, ab, b, false, true, nil, 'Z', '',
     {}, {1}, {0, 0}, {1, a}, {a, 1}, {1, 2, 3},
     #{}, #{a => 1},
     [], [1], [1, 2], [a], "abc", [1 | 2],
     <<>>, <<1>>, <<1, 2>>, <<2>>, <<1:3>>].

%% guard form: compiles to conditional jumps
g_lt(A, B) when A < B -> t; g_lt(_, _) -> f.
g_ge(A, B) when A >= B -> t; g_ge(_, _) -> f.
g_le(A, B) when A =< B -> t; g_le(_, _) -> f.
g_gt(A, B) when A > B -> t; g_gt(_, _) -> f.
g_eq(A, B) when A == B -> t; g_eq(_, _) -> f.
g_ne(A, B) when A /= B -> t; g_ne(_, _) -> f.
g_xeq(A, B) when A =:= B -> t; g_xeq(_, _) -> f.
g_xne(A, B) when A =/= B -> t; g_xne(_, _) -> f.

b(true) -> t;
b(false) -> f.

%% value form: comparisons as expressions
v(A, B) -> [b(A < B), b(A >= B), b(A =< B), b(A > B), b(A == B), b(A /= B), b(A =:= B), b(A =/= B)].
g(A, B) -> [g_lt(A, B), g_ge(A, B), g_le(A, B), g_gt(A, B), g_eq(A, B), g_ne(A, B), g_xeq(A, B), g_xne(A, B)].

code(L) -> [case C of t -> $t; f -> $f end || C <- L].

main() ->
    Vs = values(),
    Idx = lists:zip(lists:seq(1, length(Vs)), Vs),
    lists:foreach(fun({I, V}) -> io:format("~w ~w~n", [I, V]) end, Idx),
    %% for every pair a code word: t/f for < >= =< > == /= =:= =/=
    Mismatch = [{I, J} || {I, A} <- Idx, {J, B} <- Idx, v(A, B) =/= g(A, B)],
    io:format("guard vs value mismatches: ~w~n", [Mismatch]),
    lists:foreach(
      fun({I, A}) ->
              Row = lists:join(" ", [code(v(A, B)) || B <- Vs]),
              io:format("~w: ~s~n", [I, Row])
      end, Idx),
    %% sort order of everything (stable for equal pairs like 1 and 1.0 is not relied on)
    Sorted = lists:sort(fun(X, Y) -> X < Y end, [V || V <- Vs, not is_float(V)]),
    io:format("~w~n", [Sorted]),
    %% literal operands on one side
    lists:foreach(
      fun({I, X}) ->
              io:format("~w ~w~n",
                        [I, [b(X < 0), b(X > 0), b(X =< 1), b(X >= -1), b(X == 1), b(X /= 1),
                             b(X =:= 1), b(X =/= 1), b(X == 1.0), b(X =:= 1.0), b(X < 1.5),
                             b(X > 576460752303423487), b(X < -576460752303423488),
                             b(X >= 576460752303423488), b(X == 576460752303423488),
                             b(X < a), b(X > a), b(X == a), b(X =:= []), b(X < []), b(X > {}),
                             b(X < <<>>), b(X == 0.0), b(X =:= 0.0), b(X =:= -0.0),
                             b(0 < X), b(1.0 =< X), b(foo > X), b([] == X)]])
      end, Idx),
    %% the same comparisons against literals, in test position
    LitG = fun(X) ->
                   [?G(X < 0), ?G(X > 0), ?G(X =< 1), ?G(X >= -1), ?G(X == 1), ?G(X /= 1),
                    ?G(X =:= 1), ?G(X =/= 1), ?G(X == 1.0), ?G(X =:= 1.0), ?G(X < 1.5),
                    ?G(X > 576460752303423487), ?G(X < -576460752303423488),
                    ?G(X >= 576460752303423488), ?G(X == 576460752303423488),
                    ?G(X < a), ?G(X > a), ?G(X == a), ?G(X =:= []), ?G(X < []), ?G(X > {}),
                    ?G(X < <<>>), ?G(X == 0.0), ?G(X =:= 0.0), ?G(X =:= -0.0),
                    ?G(0 < X), ?G(1.0 =< X), ?G(foo > X), ?G([] == X)]
           end,
    LitV = fun(X) ->
                   [b(X < 0), b(X > 0), b(X =< 1), b(X >= -1), b(X == 1), b(X /= 1),
                    b(X =:= 1), b(X =/= 1), b(X == 1.0), b(X =:= 1.0), b(X < 1.5),
                    b(X > 576460752303423487), b(X < -576460752303423488),
                    b(X >= 576460752303423488), b(X == 576460752303423488),
                    b(X < a), b(X > a), b(X == a), b(X =:= []), b(X < []), b(X > {}),
                    b(X < <<>>), b(X == 0.0), b(X =:= 0.0), b(X =:= -0.0),
                    b(0 < X), b(1.0 =< X), b(foo > X), b([] == X)]
           end,
    io:format("literal guard vs value mismatches: ~w~n", [[I || {I, X} <- Idx, LitG(X) =/= LitV(X)]]),
    %% same register on both sides
    io:format("~w~n", [[{?G(X < X), ?G(X >= X), ?G(X == X), ?G(X =:= X), ?G(X /= X), ?G(X =/= X)} || X <- Vs]]),
    %% max/min and comparisons of int vs float beyond 2^53
    P = [{9007199254740993, 9007199254740992.0}, {9007199254740992, 9007199254740992.0},
         {576460752303423487, 5.764607523034235e17}, {576460752303423488, 5.764607523034235e17},
         {-576460752303423488, -5.764607523034235e17}, {-576460752303423489, -5.764607523034235e17},
         {18446744073709551616, 1.8446744073709552e19}, {18446744073709551615, 1.8446744073709552e19},
         {1, 1.0}, {0, -0.0}, {0, 0.0}, {-1, -1.0}],
    lists:foreach(
      fun({A0, B0}) ->
              A = id(A0), B = id(B0),
              io:format("~w ~w: ~w ~w ~w ~w~n", [A, B, v(A, B), v(B, A), max(A, B), min(A, B)])
      end, P),
    ok.

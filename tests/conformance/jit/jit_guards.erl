-module(jit_guards).
-export([main/0]).

%% Guards combining comparisons, type tests and arithmetic; guards that
%% raise (the clause just fails); andalso/orelse/not/xor; guard sequences;
%% comparisons against literals of every type.

id(X) -> X.

classify(X) when is_integer(X), X > 576460752303423487 -> big_pos;
classify(X) when is_integer(X), X < -576460752303423488 -> big_neg;
classify(X) when is_integer(X), X > 0 -> pos_int;
classify(X) when is_integer(X), X < 0 -> neg_int;
classify(0) -> zero;
classify(X) when is_float(X), X > 0.0 -> pos_float;
classify(X) when is_float(X), X < 0.0 -> neg_float;
classify(X) when is_float(X) -> zero_float;
classify(X) when is_atom(X) -> atom;
classify(X) when X == [] -> nil;
classify(X) when is_list(X) -> list;
classify(X) when is_tuple(X) -> tuple;
classify(_) -> other.

%% arithmetic in guards: errors make the guard false
g_arith(X) when X + 1 > 10 -> gt10;
g_arith(X) when X * 2 =:= 8 -> four;
g_arith(X) when X div 2 =:= 0 -> small;
g_arith(X) when 10 rem X =:= 1 -> rem1;
g_arith(X) when X band 1 =:= 1 -> odd;
g_arith(_) -> none.

%% guard BIFs that fail
g_bifs(X) when element(1, X) =:= a -> first_a;
g_bifs(X) when hd(X) =:= 1 -> head_1;
g_bifs(X) when length(X) > 2 -> long;
g_bifs(X) when tuple_size(X) =:= 2 -> pair;
g_bifs(X) when abs(X) > 100 -> abs_big;
g_bifs(X) when byte_size(X) > 0 -> bin;
g_bifs(_) -> none.

%% guard sequences (;) and andalso/orelse
g_seq(X) when X =:= a; X =:= b; is_float(X) -> a_b_or_float;
g_seq(X) when is_integer(X) andalso (X < -10 orelse X > 10) -> far;
g_seq(X) when not is_integer(X) -> not_int;
g_seq(X) when (X > 0) xor (X > 5) -> between;
g_seq(_) -> rest.

%% comparisons against literal of each type
lit(X) when X < 0 -> lt0;
lit(X) when X == 0 -> eq0;
lit(X) when X < 1.5 -> lt1_5;
lit(X) when X =:= 2 -> exact2;
lit(X) when X == 3.0 -> eq3;
lit(X) when X =< 576460752303423487 -> le_max;
lit(X) when X < 1152921504606846976 -> lt_2_60;
lit(X) when X < a -> other_number;
lit(X) when X =:= a -> atom_a;
lit(X) when X < {} -> atom_gt_a;
lit(X) when X < [] -> tuple_or_map;
lit(X) when X =:= [] -> nil;
lit(X) when X < <<>> -> list;
lit(_) -> binary.

%% two variables
rel(A, B) when A < B -> lt;
rel(A, B) when A == B, A =/= B -> eq_not_exact;
rel(A, B) when A =:= B -> same;
rel(_, _) -> gt.

%% guards with the boolean results of comparisons stored and combined
bool_guard(A, B) when (A > B) =:= true, (A > 0) orelse (B > 0) -> first;
bool_guard(A, B) when (A < B) andalso not (B > 100) -> second;
bool_guard(_, _) -> third.

in_range(X, Lo, Hi) when X >= Lo, X =< Hi -> true;
in_range(_, _, _) -> false.

main() ->
    Max = id(576460752303423487), Min = id(-576460752303423488),
    Vs = [0, 1, -1, 4, 5, 9, 10, 11, 100, 101, -101, Max, Min, Max + 1, Min - 1,
          0.0, -0.0, 0.5, -0.5, 1.5, 3.0, 1.0e30, a, b, z, [], [1], [1, 2, 3], [a | b],
          {}, {a}, {a, b}, {b, c}, <<>>, <<1>>, #{}],
    lists:foreach(
      fun(V0) ->
              V = id(V0),
              io:format("~w: ~w ~w ~w ~w ~w~n", [V, classify(V), g_arith(V), g_bifs(V), g_seq(V), lit(V)])
      end, Vs),
    Ps = [{1, 2}, {2, 1}, {1, 1}, {1, 1.0}, {1.0, 1}, {Max, Max + 1}, {Max + 1, Max},
          {Min, Min - 1}, {a, 1}, {1, a}, {a, a}, {[], {}}, {{1}, {1.0}}, {0.0, -0.0}],
    io:format("~w~n", [[rel(id(A), id(B)) || {A, B} <- Ps]]),
    io:format("~w~n", [[bool_guard(id(A), id(B)) || {A, B} <- [{2, 1}, {-1, -2}, {1, 2}, {1, 200}, {a, 1}, {1, a}]]]),
    io:format("~w~n", [[in_range(id(X), id(0), id(Max)) || X <- [-1, 0, 1, Max, Max + 1, 0.5, a]]]),
    io:format("~w~n", [[in_range(id(X), id(Min), id(-1)) || X <- [Min - 1, Min, -1, 0, -0.5]]]),
    %% a guard-heavy loop
    Count = lists:foldl(fun(X, Acc) ->
                                case classify(X) of
                                    pos_int -> Acc + 1;
                                    neg_int -> Acc - 1;
                                    _ -> Acc
                                end
                        end, 0, lists:seq(-50000, 100000)),
    io:format("~w~n", [Count]),
    ok.

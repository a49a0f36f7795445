-module(jit_select_keys).
-export([main/0]).

%% case/function-head selection on atoms, integers (dense, sparse, negative,
%% at the small boundaries), and mixed key sets with floats, bignums,
%% binaries, tuples, lists and [] as keys; tuple-arity dispatch.

id(X) -> X.

atom_key(monday) -> 1;
atom_key(tuesday) -> 2;
atom_key(wednesday) -> 3;
atom_key(thursday) -> 4;
atom_key(friday) -> 5;
atom_key(saturday) -> 6;
atom_key(sunday) -> 7;
atom_key(true) -> bool_t;
atom_key(false) -> bool_f;
atom_key(undefined) -> undef;
atom_key(_) -> other.

dense(X) ->
    case X of
        0 -> zero; 1 -> one; 2 -> two; 3 -> three; 4 -> four; 5 -> five;
        6 -> six; 7 -> seven; 8 -> eight; 9 -> nine; 10 -> ten;
        _ -> many
    end.

sparse(X) ->
    case X of
        -576460752303423488 -> min_small;
        576460752303423487 -> max_small;
        -1 -> minus_one;
        -1000000 -> minus_million;
        1000000 -> million;
        65535 -> u16;
        4294967295 -> u32;
        1152921504606846975 -> two60m1;
        _ -> none
    end.

mixed(X) ->
    case X of
        1 -> int_1;
        1.0 -> float_1;
        0.0 -> float_0;
        2.5 -> float_2_5;
        576460752303423488 -> big_2_59;
        -576460752303423489 -> big_min_m1;
        18446744073709551616 -> big_2_64;
        -18446744073709551616 -> big_m2_64;
        a -> atom_a;
        [] -> nil;
        "ab" -> string_ab;
        [a] -> list_a;
        <<"ab">> -> bin_ab;
        <<>> -> bin_empty;
        {} -> tuple_0;
        {a} -> tuple_a;
        {1, 2} -> tuple_12;
        #{} -> map_any;
        _ -> nomatch
    end.

%% keys mixing immediates only (atoms, smalls, [])
imm(X) ->
    case X of
        0 -> i0; a -> ia; [] -> inil; -5 -> im5; b -> ib; 7 -> i7;
        576460752303423487 -> imax; -576460752303423488 -> imin;
        _ -> ino
    end.

arity({}) -> 0;
arity({_}) -> 1;
arity({_, _}) -> 2;
arity({_, _, _}) -> 3;
arity({_, _, _, _}) -> 4;
arity({_, _, _, _, _, _, _, _}) -> 8;
arity(T) when is_tuple(T) -> {other, tuple_size(T)};
arity(_) -> not_a_tuple.

shape({add, A, B}) -> {add, A + B};
shape({neg, A}) -> {neg, -A};
shape({mul, A, B}) -> {mul, A * B};
shape({const, C}) -> {const, C};
shape({add, A, B, C}) -> {add3, A + B + C};
shape(ok) -> ok;
shape({ok, V}) -> {ok_value, V};
shape({error, R}) -> {error_reason, R};
shape(Other) -> {unknown, Other}.

%% nested selection: atom first, then integer
nested(X, Y) ->
    case X of
        red -> case Y of 0 -> r0; 1 -> r1; _ -> rn end;
        green -> case Y of 0 -> g0; a -> ga; _ -> gn end;
        blue -> case Y of [] -> bnil; {} -> bt; _ -> bn end;
        _ -> case Y of 0 -> x0; _ -> xn end
    end.

main() ->
    Max = id(576460752303423487), Min = id(-576460752303423488),
    Atoms = [monday, tuesday, wednesday, thursday, friday, saturday, sunday,
             true, false, undefined, nil, [], 1, 1.0, "monday", <<"monday">>, {monday}],
    io:format("~w~n", [[atom_key(id(A)) || A <- Atoms]]),
    Ints = lists:seq(-2, 12) ++ [Max, Min, Max + 1, Min - 1, 1.0, 0.0, -0.0, 5.0, a, [], {1}],
    io:format("~w~n", [[dense(id(I)) || I <- Ints]]),
    Sp = [Min, Max, -1, -1000000, 1000000, 65535, 4294967295, 1152921504606846975,
          Min + 1, Max - 1, Max + 1, Min - 1, 0, 1, -1.0, 65535.0, 1 bsl 60, (1 bsl 60) - 1],
    io:format("~w~n", [[sparse(id(S)) || S <- Sp]]),
    Mx = [1, 1.0, 0.0, -0.0, 0, 2.5, 2, Max + 1, Max, Min - 1, Min, 1 bsl 64, -(1 bsl 64),
          (1 bsl 64) + 1, a, b, [], "ab", [a], [a, b], <<"ab">>, <<"a">>, <<>>,
          <<1:1>>, {}, {a}, {b}, {1, 2}, {1, 2.0}, {2, 1}, #{}, #{a => 1}, 576460752303423488.0],
    lists:foreach(fun(M) -> io:format("~w -> ~w~n", [M, mixed(id(M))]) end, Mx),
    Im = [0, a, [], -5, b, 7, Max, Min, 1, c, 0.0, -5.0, 7.0, Max + 1, Min - 1, {}, "a"],
    io:format("~w~n", [[imm(id(I)) || I <- Im]]),
    Ts = [{}, {1}, {1, 2}, {1, 2, 3}, {1, 2, 3, 4}, {1, 2, 3, 4, 5}, list_to_tuple(lists:seq(1, 8)),
          list_to_tuple(lists:seq(1, 9)), list_to_tuple(lists:seq(1, 1000)), [], [1, 2], a, 3, <<>>],
    io:format("~w~n", [[arity(id(T)) || T <- Ts]]),
    Ss = [{add, 1, 2}, {add, Max, 1}, {neg, Min}, {mul, Max, Max}, {const, c},
          {add, 1, 2, 3}, ok, {ok, 1}, {error, e}, {add, 1}, {neg, 1, 2}, {ok}, error, {1, 2, 3}],
    io:format("~p~n", [[shape(id(S)) || S <- Ss]]),
    Ns = [nested(id(X), id(Y)) || X <- [red, green, blue, black, 0], Y <- [0, 1, a, [], {}, 0.0]],
    io:format("~w~n", [Ns]),
    %% many dispatches in a loop
    Days = [monday, tuesday, wednesday, thursday, friday, saturday, sunday, someday],
    Sum = lists:foldl(fun(I, Acc) -> Acc + case atom_key(lists:nth(I rem 8 + 1, Days)) of
                                                  other -> 100; N -> N
                                              end
                      end, 0, lists:seq(1, 80000)),
    io:format("~w~n", [Sum]),
    ok.

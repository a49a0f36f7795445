-module(jit_int_normalize).
-export([main/0]).

%% Integers computed through bignum paths (and parsing, bit syntax,
%% conversions) that end up inside the small range must be the same term as
%% the small literal: the fast paths decide =:=, ==, case keys and
%% arithmetic on the raw word.

id(X) -> X.

%% Each producer yields the integer 5, -5, 0, the small max or the small min.
producers() ->
    Max = id(576460752303423487), Min = id(-576460752303423488),
    B64 = id(1 bsl 64),
    [{add_back, (Max + 6) - Max - 1, 5},
     {sub_back, (Min - 6) - Min + 1, -5},
     {mul_div, (B64 * 5) div B64, 5},
     {big_div, B64 div (B64 div 5 + 1), 4},
     {big_rem, (B64 + 5) rem B64, 5},
     {big_rem_neg, -(B64 + 5) rem B64, -5},
     {big_band, (B64 + 5) band 16#FF, 5},
     {big_bxor, (B64 + 5) bxor B64, 5},
     {big_bor_neg, (-B64) bor -5, -5},
     {big_bsr, (5 bsl 70) bsr 70, 5},
     {big_bsl_neg, (5 bsl 70) bsl -70, 5},
     {max_roundtrip, (Max + 1) - 1, 576460752303423487},
     {min_roundtrip, (Min - 1) + 1, -576460752303423488},
     {min_neg_neg, -(-Min), -576460752303423488},
     {min_div_m1_back, (Min div -1) * -1, -576460752303423488},
     {max_mul_back, (Max * 3) div 3, 576460752303423487},
     {sub_to_zero, (B64 + 1) - (B64 + 1), 0},
     {abs_back, abs(-(Max + 1)) - 1, 576460752303423487},
     {bnot_big, bnot (bnot (Max + 1)) - 1, 576460752303423487},
     {list_to_integer, list_to_integer(id("5")), 5},
     {list_to_integer_max, list_to_integer(id("576460752303423487")), 576460752303423487},
     {list_to_integer_min, list_to_integer(id("-576460752303423488")), -576460752303423488},
     {list_to_integer_zeros, list_to_integer(id("0000000000000000000000000005")), 5},
     {binary_to_integer, binary_to_integer(id(<<"-5">>)), -5},
     {base16, list_to_integer(id("7FFFFFFFFFFFFFF"), 16), 576460752303423487},
     {trunc, trunc(id(5.9)), 5},
     {round, round(id(-4.5)), -5},
     {trunc_big_float, trunc(id(5.764607523034235e17)) - 1, 576460752303423487},
     {bits_u64, begin <<X1:64>> = id(<<5:64>>), X1 end, 5},
     {bits_s64, begin <<X2:64/signed>> = id(<<-5:64/signed>>), X2 end, -5},
     {bits_u128, begin <<X3:128>> = id(<<5:128>>), X3 end, 5},
     {bits_s128_min, begin <<X4:128/signed>> = id(<<-576460752303423488:128/signed>>), X4 end, -576460752303423488},
     {bits_little, begin <<X5:72/little>> = id(<<5:72/little>>), X5 end, 5},
     {binary_decode_unsigned, binary:decode_unsigned(id(<<0, 0, 0, 0, 0, 0, 0, 0, 5>>)), 5},
     {term_roundtrip, binary_to_term(term_to_binary(id(576460752303423487))), 576460752303423487},
     {term_roundtrip_min, binary_to_term(term_to_binary(id(-576460752303423488))), -576460752303423488},
     {lists_sum, lists:sum([id(1 bsl 64), 5, -(1 bsl 64)]), 5},
     {foldl_back, lists:foldl(fun(X, A) -> A + X end, 0, [Max, Max, -Max, -Max, 5]), 5},
     {max_bif, max(id(5), -(B64)), 5},
     {element_big, element(1, {(B64 + 5) - B64}), 5},
     {integer_pow, pow(id(2), 59) - 1, 576460752303423487}].

pow(_, 0) -> 1;
pow(B, N) -> B * pow(B, N - 1).

%% test-position comparisons against literals (fast-path equality)
lit(5) -> five;
lit(-5) -> minus_five;
lit(0) -> zero;
lit(4) -> four;
lit(576460752303423487) -> max;
lit(-576460752303423488) -> min;
lit(_) -> other.

main() ->
    lists:foreach(
      fun({Name, V, Want}) ->
              W = id(Want),
              Checks = [V =:= W, V == W, not (V =/= W), V - W =:= 0, lit(V) =:= lit(W),
                        (if V =:= W -> true; true -> false end),
                        (if V == W -> true; true -> false end),
                        (if V < W -> false; true -> true end),
                        (if V >= W -> true; true -> false end),
                        V + 1 =:= W + 1, V band -1 =:= W, V * 1 =:= W,
                        [V] =:= [W], {V} =:= {W}, is_integer(V)],
              case lists:all(fun(C) -> C end, Checks) of
                  true -> io:format("~w ok ~w~n", [Name, lit(V)]);
                  false -> io:format("~w BAD ~w ~w~n", [Name, V, Checks])
              end
      end, producers()),
    ok.

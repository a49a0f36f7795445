-module(guard_bifs).
-export([main/0]).
g1(X) when abs(X) > 5 -> big; g1(_) -> small.
g2(L) when length(L) >= 3 -> long; g2(_) -> short.
g3(T) when tuple_size(T) =:= 2, element(1, T) =:= ok -> ok_pair; g3(_) -> other.
g4(B) when byte_size(B) > 2, bit_size(B) rem 8 =:= 0 -> long_bin; g4(_) -> other.
g5(L) when hd(L) =:= a -> starts_a; g5(_) -> other.
g6(M) when map_size(M) > 1 -> multi; g6(_) -> other.
g7(X) when trunc(X) =:= 3; round(X) =:= 5 -> hit; g7(_) -> miss.
g8(X) when float(X) > 2.5 -> gt; g8(_) -> le.
g9(X, Y) when X > 10, Y < 0 -> spread; g9(_, _) -> narrow.
g10(X) when X rem 2 =:= 0, X div 2 > 3 -> even_big; g10(_) -> other.
g11(M) when is_map_key(a, M) -> has_a; g11(_) -> no_a.
g12(M) when map_get(a, M) =:= 1 -> a_is_1; g12(_) -> other.
g13(B) when binary_part(B, 0, 2) =:= <<"ab">> -> ab; g13(_) -> other.
g14(L) when tl(L) =:= [] -> single; g14(_) -> other.
g15(X) when ceil(X) =:= 2, floor(X) =:= 1 -> between; g15(_) -> other.
g16(X) when node() =:= nonode@nohost, self() =/= X -> local; g16(_) -> other.
g17(X) when X band 1 =:= 1, X bsl 1 > 4, bnot X < 0 -> odd_ok; g17(_) -> other.
main() ->
    io:format("~p~n", [[g1(-7), g1(3), g2([1, 2, 3]), g2([]), g3({ok, 1}), g3({ok, 1, 2})]]),
    io:format("~p~n", [[g4(<<"abc">>), g4(<<"ab">>), g5([a, b]), g5([]), g6(#{a => 1, b => 2}), g6(#{})]]),
    io:format("~p~n", [[g7(3.3), g7(4.6), g7(7), g8(3), g8(2), g9(20, -1), g9(5, 5)]]),
    io:format("~p~n", [[g10(8), g10(4), g10(9), g11(#{a => 1}), g11(#{}), g12(#{a => 1}), g12(#{})]]),
    io:format("~p~n", [[g13(<<"abc">>), g13(<<"a">>), g14([x]), g14([x, y]), g14([])]]),
    io:format("~p~n", [[g15(1.5), g15(2.0), g16(x), g17(3), g17(1), g17(-1)]]),
    ok.

-module(exprs).
-export([e/2]).
e(A, B) ->
  X = catch A ! B, Y = (A andalso B) orelse not A, Z = - A + B * 3 div 2 rem 1 band 7 bor 8 bxor 9 bsl 1 bsr 2,
  [H | T] = [1, 2 | [3]] ++ [4] -- [5],
  M = #{a => 1}, M2 = M#{a := 2},
  <<Bin:8/binary-unit:1, _/bits>> = <<A:8, B:16/little-signed>>,
  begin {X, Y, Z, H, T, M2, Bin} end.

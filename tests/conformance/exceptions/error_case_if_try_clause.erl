-module(error_case_if_try_clause).
-export([main/0]).
-include("../include/err_util.hrl").
main() ->
    show("case", ?TRY(case id(3) of 1 -> one; 2 -> two end)),
    show("case tuple", ?TRY(case id({x, [1]}) of {y, _} -> y end)),
    show("if", ?TRY(begin X1 = id(1), if X1 > 2 -> big end end)),
    show("try of", ?TRY(try id(7) of 1 -> one catch _:_ -> caught end)),
    show("try of tuple", ?TRY(try id({a, b}) of {b, _} -> b after ok end)),
    show("try of caught?", ?TRY(try (try id(5) of 6 -> six catch _:_ -> inner end) catch error:R -> {outer, R} end)),
    ok.

-module(map_match).
-export([main/0]).
describe(#{type := circle, r := R}) -> {circle_area, 3 * R * R};
describe(#{type := rect, w := W, h := H}) -> {rect_area, W * H};
describe(#{type := T}) -> {unknown, T};
describe(#{}) -> no_type.
main() ->
    io:format("~p~n", [describe(#{type => circle, r => 2})]),
    io:format("~p~n", [describe(#{type => rect, w => 3, h => 4, extra => x})]),
    io:format("~p~n", [describe(#{type => blob})]),
    io:format("~p~n", [describe(#{})]),
    #{a := A, b := B} = #{a => 1, b => 2, c => 3},
    io:format("~p ~p~n", [A, B]),
    K = b,
    #{K := V} = #{a => 1, b => 2},
    io:format("~p~n", [V]),
    case #{x => 1} of
        #{y := _} -> io:format("has y~n");
        #{x := X} when X > 0 -> io:format("positive x ~p~n", [X])
    end,
    io:format("~p~n", [ec(fun() -> (fun(#{q := Q}) -> Q end)(#{}) end)]),
    #{} = #{any => thing},
    io:format("~p~n", [[Val || #{v := Val} <- [#{v => 1}, #{w => 2}, #{v => 3}]]]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

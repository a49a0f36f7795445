-module(bif_apply_dynamic).
-export([main/0, op/3]).
op(add, A, B) -> A + B;
op(sub, A, B) -> A - B;
op(mul, A, B) -> A * B.
main() ->
    Ops = [add, sub, mul],
    io:format("~p~n", [[apply(?MODULE, op, [O, 7, 3]) || O <- Ops]]),
    io:format("~p~n", [[erlang:apply(lists, F, [[3, 1, 2]]) || F <- [sort, reverse, max, min, sum, last]]]),
    M = list_to_atom("lists"),
    io:format("~p~n", [M:seq(1, 3)]),
    F = list_to_atom("reverse"),
    io:format("~p~n", [lists:F("abc")]),
    io:format("~p~n", [apply(fun(A, B, C) -> [C, B, A] end, [1, 2, 3])]),
    ok.

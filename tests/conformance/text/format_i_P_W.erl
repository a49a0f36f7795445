-module(format_i_P_W).
-export([main/0]).
main() ->
    io:format("[~i]~n", [ignored]),
    io:format("[~i~p]~n", [ignored, shown]),
    Deep = [1, [2, [3, [4, [5, [6]]]]]],
    T = {a, {b, {c, {d, {e}}}}},
    L = lists:seq(1, 30),
    [io:format("~p: ~P | ~W~n", [D, Deep, D, T, D]) || D <- [1, 2, 3, 4, 5, 10]],
    io:format("~P~n", [L, 5]),
    io:format("~W~n", [L, 5]),
    io:format("~P~n", ["a string here", 3]),
    io:format("~W~n", [<<"binary data">>, 2]),
    io:format("~P~n", [#{a => 1, b => 2, c => 3}, 2]),
    io:format("~P~n", [{1, 2, 3, 4, 5}, 3]),
    io:format("~P~n", [[a | b], 2]),
    io:format("~P~n", [lists:seq(1, 100), 20]),
    ok.

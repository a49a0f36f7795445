-module(etf_bytes).
-export([main/0]).
main() ->
    Terms = [0, 1, 255, 256, -1, 2147483647, 2147483648, -2147483648, -2147483649, 1 bsl 64, -(1 bsl 64),
             1.0, -2.5, a, abc, '', true, "", "abc", [1000], [a, b], [a | b], {}, {a}, {a, 1, "x"},
             <<>>, <<1, 2, 3>>, <<1:3>>, <<255, 7:4>>, #{}, #{a => 1}, #{b => 2, a => 1}, [[]],
             {1, {2, {3}}}, [1, [2, [3]]], "\x{100}", 'Atom'],
    [io:format("~w -> ~w~n", [T, term_to_binary(T)]) || T <- Terms],
    io:format("~w~n", [term_to_binary(lists:seq(1, 10))]),
    io:format("~w~n", [term_to_binary(list_to_atom(lists:duplicate(255, $x))) =:= term_to_binary(list_to_atom(lists:duplicate(255, $x)))]),
    io:format("~p~n", [byte_size(term_to_binary(lists:duplicate(1000, 0)))]),
    io:format("~p~n", [byte_size(term_to_binary(lists:seq(1, 300)))]),
    ok.

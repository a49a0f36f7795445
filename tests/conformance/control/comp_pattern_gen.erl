-module(comp_pattern_gen).
-export([main/0]).
-record(p, {name, age}).
main() ->
    People = [#p{name = "ann", age = 30}, #p{name = "bob", age = 17}, #p{name = "cy", age = 45}, {not_p}],
    io:format("~p~n", [[N || #p{name = N, age = A} <- People, A >= 18]]),
    io:format("~p~n", [[X || [X, X] <- [[1, 1], [1, 2], [3, 3], [4]]]]),
    io:format("~p~n", [[K || {K, true} <- [{a, true}, {b, false}, {c, true}]]]),
    io:format("~p~n", [[B || <<"x", B/binary>> <- [<<"xy">>, <<"ab">>, <<"xz">>]]]),
    io:format("~p~n", [[V || #{v := V} <- [#{v => 1}, #{u => 2}, #{v => 3, w => 4}]]]),
    io:format("~p~n", [[H || [H | _] <- ["abc", "", "de", []]]]),
    ok.

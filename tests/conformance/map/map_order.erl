-module(map_order).
-export([main/0]).
main() ->
    io:format("~p~n", [#{3 => c, 1 => a, 2 => b}]),
    io:format("~p~n", [#{b => 1, a => 2, "s" => 3, <<"b">> => 4, {t} => 5, [l] => 6, 1 => 7, 1.0 => 8}]),
    io:format("~p~n", [maps:keys(#{z => 1, y => 2, x => 3, 100 => 4, -1 => 5})]),
    io:format("~p~n", [lists:sort([#{a => 1}, #{a => 0, b => 0}, #{b => 1}, #{}, #{a => 2}])]),
    io:format("~p ~p~n", [#{a => 1} < #{a => 2}, #{a => 1, b => 1} > #{c => 1}]),
    io:format("~p~n", [#{1 => a} == #{1.0 => a}]),
    io:format("~p~n", [lists:sort([#{1 => a}, #{1.0 => a}])]),
    M = maps:from_list([{I, I * I} || I <- lists:seq(1, 20)]),
    io:format("~p~n", [M]),
    io:format("~w~n", [M]),
    ok.

-module(map_create).
-export([main/0]).
main() ->
    M = #{a => 1, b => 2, c => 3},
    io:format("~p~n", [M]),
    io:format("~w~n", [M]),
    io:format("~p~n", [#{}]),
    io:format("~p~n", [#{1 => one, "two" => 2, {3} => three, [4] => four, 5.0 => five, <<"6">> => six, z => 7}]),
    io:format("~p~n", [#{b => 1, a => 2, 10 => x, 2 => y, 1.5 => z}]),
    io:format("~p ~p~n", [map_size(M), maps:size(#{})]),
    io:format("~p~n", [#{a => 1, a => 2}]),
    K = key,
    io:format("~p~n", [#{K => value, {K, K} => pair}]),
    io:format("~p~n", [#{#{x => 1} => nested, [1, 2] => list}]),
    io:format("~p ~p~n", [is_map(M), is_map([])]),
    io:format("~p~n", [#{1 => a, 1.0 => b}]),
    ok.

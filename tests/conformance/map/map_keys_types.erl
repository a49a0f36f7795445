-module(map_keys_types).
-export([main/0]).
main() ->
    M = #{1 => int, 1.0 => float, "1" => string, <<"1">> => binary, '1' => atom, {1} => tuple, [1] => list},
    io:format("~p~n", [M]),
    io:format("~p~n", [map_size(M)]),
    io:format("~p ~p~n", [maps:get(1, M), maps:get(1.0, M)]),
    io:format("~p~n", [maps:is_key(2 - 1, M)]),
    io:format("~p~n", [maps:find(0.5 + 0.5, M)]),
    io:format("~p~n", [#{M => nested_map_as_key}]),
    io:format("~p~n", [maps:get(#{a => 1}, #{#{a => 1} => found})]),
    ok.

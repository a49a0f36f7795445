-module(order_compound).
-export([main/0]).
main() ->
    %% tuples: size first, then elements
    io:format("~p~n", [lists:sort([{b}, {a, a}, {a}, {z, z, z}, {a, b}, {}])]),
    %% lists: element by element
    io:format("~p~n", [lists:sort([[2], [1, 2, 3], [1, 2], [1], [], [1, 3]])]),
    io:format("~p~n", [lists:sort(["banana", "apple", "app", "b", ""])]),
    %% binaries: byte by byte, then length
    io:format("~p~n", [lists:sort([<<2>>, <<1, 2>>, <<1>>, <<>>, <<1, 1, 1>>, <<1:1>>, <<0:1>>])]),
    %% maps: size first, then keys, then values
    io:format("~p~n", [lists:sort([#{b => 1}, #{a => 2}, #{a => 1}, #{a => 1, b => 1}, #{}])]),
    io:format("~p~n", [lists:sort([#{1 => a}, #{a => 1}, #{1.0 => a}])]),
    io:format("~p~n", [{1, 2} < {1, 2.5}]),
    io:format("~p~n", [[1, 2] < [1 | 2]]),
    io:format("~p~n", [lists:sort([[a | b], [a, b], [a | c], [a]])]),
    ok.

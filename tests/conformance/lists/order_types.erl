-module(order_types).
-export([main/0]).
main() ->
    %% number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring
    Terms = [<<"bin">>, [1], [], #{a => 1}, {1, 2}, {}, atom, 1.5, 1, -3, "str", <<>>, {a}, 'A', #{}, <<1:1>>],
    io:format("~p~n", [lists:sort(Terms)]),
    io:format("~p~n", [lists:reverse(lists:sort(Terms))]),
    io:format("~p ~p ~p~n", [1 < a, a < {}, {} < #{}]),
    io:format("~p ~p ~p~n", [#{} < [], [] < [a], [a] < <<>>]),
    io:format("~p ~p~n", [fun() -> ok end > a, fun() -> ok end < {}]),
    io:format("~p~n", [lists:max(Terms)]),
    io:format("~p~n", [lists:min(Terms)]),
    ok.

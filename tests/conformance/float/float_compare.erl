-module(float_compare).
-export([main/0]).
main() ->
    io:format("~p ~p ~p~n", [1.0 < 2, 2 < 1.5, 1.0 == 1]),
    io:format("~p ~p~n", [1.0 =:= 1, 0.0 =:= -0.0]),
    io:format("~p ~p~n", [0.0 == -0.0, 0.0 < -0.0]),
    io:format("~p~n", [lists:sort([3, 2.0, 1, 2, 1.0, 3.0, 0.5, -1, -1.0])]),
    io:format("~p~n", [lists:usort([1, 1.0, 2, 2.0])]),
    io:format("~p~n", [lists:sort(fun(A, B) -> A >= B end, [1.5, 1, 2, 0.5])]),
    io:format("~p ~p~n", [max(1, 1.0), min(2.0, 2)]),
    io:format("~p ~p~n", [1.0e308 > 1 bsl 1000, -1.0e308 < -(1 bsl 1000)]),
    io:format("~p~n", [lists:member(1.0, [1, 2, 3])]),
    io:format("~p~n", [lists:keyfind(1.0, 1, [{1, a}])]),
    ok.

-module(arith_int_float_mix).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("~p ~p ~p~n", [id(1) + 1.0, id(2) * 0.5, id(3) - 0.25]),
    io:format("~p ~p~n", [id(10) / 4, id(10.0) / 4]),
    io:format("~p ~p ~p~n", [id(1) == 1.0, id(1) =:= 1.0, id(1) /= 1.0]),
    io:format("~p ~p~n", [id(1) =/= 1.0, id(2) < 2.5]),
    io:format("~p ~p~n", [float(id(7)), trunc(id(7.9))]),
    io:format("~p ~p~n", [is_integer(id(3) * 1.0), is_float(id(6) / 2)]),
    io:format("~p~n", [id(100000000000000000000) * 1.0]),
    io:format("~p~n", [id(1.0e10) + 1]),
    io:format("~p~n", [lists:sum([1, 2.5, 3])]),
    io:format("~p~n", [0.1 + 0.2]),
    io:format("~p~n", [id(3) * 1.1]),
    ok.

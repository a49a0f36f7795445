-module(fun2ms_atoms).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
main() ->
    io:format("~p~n", [ets:fun2ms(fun({A}) -> {'$*', '$0', '$01', '$a', '$', '_', '$$', '$_', '$123', '$-1', a} end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> ['$*', '$0', '$01', '$a', '$', '_', '$$', '$_', '$123', '$-1', a] end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) when A =:= '$a'; A =:= '$*'; A =:= '$0' -> '$0' end)]),
    io:format("~p~n", [ets:fun2ms(fun({'$a', '$*', '$', '$$', '$_', '$+'}) -> ok end)]),
    io:format("~p~n", [ets:fun2ms(fun({A, B, C, D, E, F, G, H, I, J, K}) -> K end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> #{A => 1, k => {A}} end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> A ++ [1] end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> <<"abc">> end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> <<1, 2:16>> end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> {{A, 1}, [{A}]} end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> 1.5 end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> [A] end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> [1,2,3] end)]),
    io:format("~p~n", [ets:fun2ms(fun({A}) -> fun1 end)]),
    ok.

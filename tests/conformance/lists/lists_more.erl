-module(lists_more).
-export([main/0]).
main() ->
    io:format("~p~n", [lists:sublist([a, b, c], 0)]),
    io:format("~p~n", [lists:nthtail(3, [a, b, c])]),
    io:format("~p~n", [lists:last([only])]),
    io:format("~p~n", [lists:foldl(fun(X, {E, O}) when X rem 2 =:= 0 -> {[X | E], O}; (X, {E, O}) -> {E, [X | O]} end, {[], []}, lists:seq(1, 9))]),
    io:format("~p~n", [lists:splitwith(fun(C) -> C =/= $= end, "key=value")]),
    io:format("~p~n", [lists:keyfind(3, 1, [{1, a}, {2, b}])]),
    io:format("~p~n", [lists:zf(fun(X) -> X > 2 andalso {true, X * X} end, [1, 2, 3, 4])]),
    io:format("~p~n", [lists:min([3.0, 3])]),
    io:format("~p~n", [lists:max([3, 3.0])]),
    io:format("~p~n", [lists:all(fun is_integer/1, [1, 2, 3])]),
    io:format("~p~n", [lists:foldr(fun(X, A) -> A ++ [X] end, [], [1, 2, 3])]),
    io:format("~p~n", [lists:append([[a], [], [b, c]])]),
    io:format("~p~n", [lists:flatmap(fun(X) -> [X, X] end, [])]),
    io:format("~p~n", [lists:seq(-3, 3)]),
    io:format("~p~n", [lists:reverse([])]),
    io:format("~p~n", [lists:keydelete(x, 1, [])]),
    io:format("~p~n", [lists:usort([{b, 1}, {a, 2}, {b, 1}])]),
    io:format("~p~n", [lists:sort([c, b, a, b])]),
    ok.

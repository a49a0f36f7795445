-module(fun_apply).
-export([main/0, hello/1, sum3/3]).
hello(Name) -> "hello " ++ Name.
sum3(A, B, C) -> A + B + C.
main() ->
    io:format("~p~n", [apply(fun_apply, hello, ["world"])]),
    io:format("~p~n", [apply(fun sum3/3, [1, 2, 3])]),
    io:format("~p~n", [apply(lists, seq, [1, 5])]),
    io:format("~p~n", [erlang:apply(erlang, max, [3, 9])]),
    M = fun_apply, F = sum3,
    io:format("~p~n", [M:F(10, 20, 30)]),
    io:format("~p~n", [(fun M:F/3)(1, 1, 1)]),
    Funs = [{lists, reverse, [[1, 2]]}, {erlang, tuple_size, [{a, b}]}, {string, uppercase, ["up"]}],
    io:format("~p~n", [[apply(Mo, Fu, A) || {Mo, Fu, A} <- Funs]]),
    io:format("~p~n", [apply(fun() -> zero end, [])]),
    ok.

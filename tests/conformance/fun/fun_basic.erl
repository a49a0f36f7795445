-module(fun_basic).
-export([main/0, double/1]).
double(X) -> 2 * X.
add(X, Y) -> X + Y.
main() ->
    Sq = fun(X) -> X * X end,
    io:format("~p~n", [Sq(7)]),
    io:format("~p~n", [(fun(X, Y) -> X - Y end)(10, 3)]),
    F1 = fun double/1,
    F2 = fun fun_basic:double/1,
    F3 = fun add/2,
    io:format("~p ~p ~p~n", [F1(4), F2(5), F3(1, 2)]),
    io:format("~p~n", [lists:map(fun double/1, [1, 2, 3])]),
    io:format("~p~n", [lists:map(fun erlang:abs/1, [-1, 2, -3])]),
    M = lists, F = reverse,
    G = fun M:F/1,
    io:format("~p~n", [G([1, 2, 3])]),
    io:format("~p ~p~n", [is_function(Sq), is_function(Sq, 1)]),
    io:format("~p~n", [is_function(Sq, 2)]),
    io:format("~p~n", [erlang:fun_info(F3, arity)]),
    io:format("~p~n", [erlang:fun_info(F2, name)]),
    io:format("~p~n", [erlang:fun_info(F2, module)]),
    io:format("~p~n", [erlang:fun_info(fun lists:map/2, arity)]),
    io:format("~p~n", [F2 =:= fun fun_basic:double/1]),
    io:format("~p~n", [fun erlang:length/1]),
    io:format("~p~n", [(fun() -> no_args end)()]),
    ok.

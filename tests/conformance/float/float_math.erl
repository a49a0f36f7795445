-module(float_math).
-export([main/0]).
main() ->
    io:format("~p~n", [math:pi()]),
    io:format("~p ~p~n", [math:sqrt(16), math:sqrt(2)]),
    io:format("~p ~p ~p~n", [math:pow(2, 10), math:pow(2.0, 0.5), math:pow(10, -2)]),
    io:format("~p ~p ~p~n", [math:exp(1), math:log(math:exp(2)), math:log10(1000)]),
    io:format("~p ~p~n", [math:log2(1024), math:log(10)]),
    io:format("~p ~p ~p~n", [math:sin(0), math:cos(0), math:tan(0)]),
    io:format("~.6f ~.6f~n", [math:sin(math:pi() / 6), math:cos(math:pi() / 3)]),
    io:format("~p ~p~n", [math:atan(1) * 4, math:atan2(1, -1)]),
    io:format("~p ~p~n", [math:asin(1), math:acos(0)]),
    io:format("~p ~p ~p~n", [math:sinh(0), math:cosh(0), math:tanh(0)]),
    io:format("~p ~p~n", [math:floor(-2.5), math:ceil(-2.5)]),
    io:format("~p ~p~n", [math:fmod(10.5, 3), math:fmod(-10.5, 3)]),
    io:format("~p~n", [ec(fun() -> math:sqrt(-1) end)]),
    io:format("~p~n", [ec(fun() -> math:log(0) end)]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

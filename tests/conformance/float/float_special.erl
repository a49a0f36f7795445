-module(float_special).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("~p~n", [ec(fun() -> id(1.0e308) * 10 end)]),
    io:format("~p~n", [ec(fun() -> id(1.0) / 0 end)]),
    io:format("~p~n", [ec(fun() -> id(0.0) / 0.0 end)]),
    io:format("~p~n", [ec(fun() -> math:exp(1000) end)]),
    io:format("~p~n", [ec(fun() -> float(1 bsl 1024) end)]),
    io:format("~p~n", [id(-0.0)]),
    io:format("~p~n", [id(0.0) * -1]),
    io:format("~p~n", [is_float(id(-0.0))]),
    io:format("~p~n", [<<(id(-0.0)):64/float>>]),
    io:format("~p~n", [<<(id(1.0)):32/float>>]),
    io:format("~p~n", [float_to_list(-0.0)]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

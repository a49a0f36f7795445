-module(math_funcs).
-export([main/0]).
main() ->
    Fs = [{sqrt, fun math:sqrt/1}, {exp, fun math:exp/1}, {log, fun math:log/1},
          {sin, fun math:sin/1}, {cos, fun math:cos/1}, {atan, fun math:atan/1},
          {log2, fun math:log2/1}, {log10, fun math:log10/1}, {cbrt, fun(X) -> math:pow(X, 1 / 3) end}],
    [io:format("~p(~p) = ~.10f~n", [N, X, F(X)]) || {N, F} <- Fs, X <- [0.5, 2.0, 10.0]],
    io:format("~p~n", [math:erf(0.5)]),
    io:format("~p~n", [math:erfc(0.5)]),
    io:format("~p ~p~n", [math:floor(3.7), math:ceil(3.2)]),
    io:format("~p~n", [math:pow(-8, 3)]),
    io:format("~p~n", [math:sqrt(math:pow(3, 2) + math:pow(4, 2))]),
    ok.

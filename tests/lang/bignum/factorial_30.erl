-module(factorial_30).
-export([main/0]).
f(0) -> 1;
f(N) -> N * f(N - 1).
main() ->
    io:format("~p~n", [f(30)]).

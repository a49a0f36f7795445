-module(fun_recursion_patterns).
-export([main/0]).
map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
filter(_, []) -> [];
filter(P, [H | T]) -> case P(H) of true -> [H | filter(P, T)]; false -> filter(P, T) end.
reduce(_, Acc, []) -> Acc;
reduce(F, Acc, [H | T]) -> reduce(F, F(H, Acc), T).
main() ->
    L = lists:seq(1, 10),
    io:format("~p~n", [map(fun(X) -> X * X end, L)]),
    io:format("~p~n", [filter(fun(X) -> X rem 3 == 0 end, L)]),
    io:format("~p~n", [reduce(fun(X, A) -> X * A end, 1, L)]),
    Y = fun(F) -> (fun(X) -> X(X) end)(fun(X) -> F(fun(A) -> (X(X))(A) end) end) end,
    Fact = Y(fun(Self) -> fun(0) -> 1; (N) -> N * Self(N - 1) end end),
    io:format("~p~n", [Fact(10)]),
    ok.

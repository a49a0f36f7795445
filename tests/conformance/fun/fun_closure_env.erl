-module(fun_closure_env).
-export([main/0]).
counter_loop(F, 0, Acc) -> {F, Acc};
counter_loop(F, N, Acc) -> counter_loop(F, N - 1, [F(N) | Acc]).
main() ->
    Big = lists:seq(1, 1000),
    F = fun(I) -> lists:nth(I, Big) * 2 end,
    {_, R} = counter_loop(F, 5, []),
    io:format("~p~n", [R]),
    Fs = [fun() -> {I, J} end || I <- [1, 2], J <- [a, b]],
    io:format("~p~n", [[G() || G <- Fs]]),
    Make = fun(Prefix) -> fun(S) -> Prefix ++ S end end,
    Hello = Make("Hello, "),
    io:format("~s~n", [Hello("world")]),
    T = {a, [b, c], #{d => e}, <<"f">>},
    Cap = fun() -> T end,
    io:format("~p~n", [Cap()]),
    Acc = lists:foldl(fun(X, Fn) -> fun(Y) -> Fn(Y) + X end end, fun(Y) -> Y end, [1, 2, 3]),
    io:format("~p~n", [Acc(100)]),
    ok.

-module(fun_arity_dispatch).
-export([main/0, f/0, f/1, f/2]).
f() -> zero.
f(A) -> {one, A}.
f(A, B) -> {two, A, B}.
call(F, Args) when is_function(F, length(Args)) -> apply(F, Args);
call(_, Args) -> {wrong_arity, length(Args)}.
main() ->
    io:format("~p ~p ~p~n", [f(), f(1), f(1, 2)]),
    Fs = [fun f/0, fun f/1, fun f/2],
    io:format("~p~n", [[call(F, [x, y]) || F <- Fs]]),
    io:format("~p~n", [[erlang:fun_info(F, arity) || F <- Fs]]),
    io:format("~p~n", [[apply(?MODULE, f, lists:duplicate(N, z)) || N <- [0, 1, 2]]]),
    ok.

-module(macro_overload).
-export([main/0]).
-define(F, zero_arity).
-define(F(), empty_parens).
-define(F(X), {one, X}).
-define(F(X, Y), {two, X, Y}).
-define(CALL(M, F, A), M:F(A)).
-define(NESTED(X), ?F(?F(X))).
-define(COMMA_ARG(X), X).
main() ->
    io:format("~p ~p ~p ~p~n", [?F, ?F(), ?F(1), ?F(1, 2)]),
    io:format("~p~n", [?CALL(lists, sum, [1, 2, 3])]),
    io:format("~p~n", [?NESTED(x)]),
    io:format("~p~n", [?COMMA_ARG({a, b})]),
    io:format("~p~n", [?COMMA_ARG([1, 2])]),
    ok.

-module(try_catch_expr).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("~p~n", [catch 1 + 2]),
    io:format("~p~n", [catch throw(hello)]),
    io:format("~p~n", [catch exit(goodbye)]),
    {'EXIT', {Reason, Stack}} = catch error(kaput),
    io:format("~p ~p~n", [Reason, is_list(Stack)]),
    {'EXIT', {badarith, _}} = catch id(1) / id(0),
    io:format("badarith via catch~n"),
    X = (catch throw({a, b})),
    io:format("~p~n", [X]),
    L = [catch throw(N) || N <- [1, 2, 3]],
    io:format("~p~n", [L]),
    io:format("~p~n", [catch {nested, catch throw(inner)}]),
    case catch id(ok) of ok -> io:format("normal value through catch~n") end,
    ok.

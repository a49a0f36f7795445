-module(match_nested).
-export([main/0]).
eval({num, N}) -> N;
eval({add, A, B}) -> eval(A) + eval(B);
eval({mul, A, B}) -> eval(A) * eval(B);
eval({neg, A}) -> -eval(A);
eval({'let', Name, V, Body}) -> eval(subst(Name, eval(V), Body)).
subst(Name, V, {var, Name}) -> {num, V};
subst(Name, V, T) when is_tuple(T) ->
    list_to_tuple([subst(Name, V, E) || E <- tuple_to_list(T)]);
subst(_, _, X) -> X.
simplify({add, {num, 0}, X}) -> simplify(X);
simplify({add, X, {num, 0}}) -> simplify(X);
simplify({mul, {num, 1}, X}) -> simplify(X);
simplify({mul, _, {num, 0}}) -> {num, 0};
simplify({Op, A, B}) -> {Op, simplify(A), simplify(B)};
simplify(X) -> X.
main() ->
    E = {add, {num, 2}, {mul, {num, 3}, {neg, {num, 4}}}},
    io:format("~p~n", [eval(E)]),
    io:format("~p~n", [eval({'let', x, {num, 5}, {mul, {var, x}, {var, x}}})]),
    io:format("~p~n", [simplify({add, {num, 0}, {mul, {num, 1}, {add, {var, y}, {num, 0}}}})]),
    io:format("~p~n", [simplify({mul, {var, z}, {num, 0}})]),
    ok.

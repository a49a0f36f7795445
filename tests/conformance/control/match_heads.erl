-module(match_heads).
-export([main/0]).
area({square, S}) -> S * S;
area({rect, W, H}) -> W * H;
area({circle, R}) -> 3.14159 * R * R;
area(_) -> unknown.
len([]) -> 0;
len([_ | T]) -> 1 + len(T).
zip([], _) -> [];
zip(_, []) -> [];
zip([X | Xs], [Y | Ys]) -> [{X, Y} | zip(Xs, Ys)].
same(X, X) -> true;
same(_, _) -> false.
first_atom([A | _]) when is_atom(A) -> A;
first_atom([_ | T]) -> first_atom(T);
first_atom([]) -> none.
main() ->
    io:format("~p~n", [[area(S) || S <- [{square, 3}, {rect, 2, 5}, {circle, 1}, {hexagon, 1}]]]),
    io:format("~p~n", [len([a, b, c, d])]),
    io:format("~p~n", [zip([1, 2, 3], [a, b])]),
    io:format("~p ~p ~p~n", [same(1, 1), same(1, 1.0), same({a, [b]}, {a, [b]})]),
    io:format("~p ~p~n", [first_atom([1, "s", x, y]), first_atom([1, 2])]),
    ok.

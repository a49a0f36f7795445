-module(try_throw_values).
-export([main/0]).
find(_, []) -> not_found;
find(X, [X | _]) -> throw({found, X});
find(X, [_ | T]) -> find(X, T).
search(X, L) -> try find(X, L) catch throw:{found, V} -> {yes, V} end.
main() ->
    io:format("~p ~p~n", [search(3, [1, 2, 3, 4]), search(9, [1, 2])]),
    Vals = [1, 1.5, atom, "str", <<"bin">>, {t, 1}, [l], #{m => 1}],
    [io:format("~p~n", [try throw(V) catch throw:C -> C end]) || V <- Vals],
    io:format("~p~n", [try exit(normal) catch exit:normal -> exit_normal_caught end]),
    ok.

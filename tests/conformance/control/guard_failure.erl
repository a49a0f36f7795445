-module(guard_failure).
-export([main/0]).
%% exceptions inside guards make the guard fail silently
f(X) when length(X) > 1 -> long_list;
f(X) when X + 1 > 5 -> big_number;
f(X) when element(2, X) =:= b -> second_is_b;
f(_) -> fallback.
g(X) when hd(X) =:= 1; X =:= [] -> first_or_empty;
g(_) -> no.
h(X) when 1 / X > 0.1 -> small_pos;
h(_) -> nope.
main() ->
    io:format("~p~n", [[f([1, 2]), f(10), f({a, b}), f(atom), f(1), f({a})]]),
    io:format("~p~n", [[g([1]), g([]), g(foo)]]),
    io:format("~p~n", [[h(2), h(0), h(x), h(100)]]),
    R = if length(not_a_list) > 0 -> yes; true -> guard_failed end,
    io:format("~p~n", [R]),
    ok.

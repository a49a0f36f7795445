-module(guard_logic).
-export([main/0]).
a(X) when X > 0 andalso X < 10 -> in; a(_) -> out.
b(X) when X < 0 orelse X > 100 -> extreme; b(_) -> normal.
c(X) when not is_atom(X) -> not_atom; c(_) -> atom.
d(X, Y) when X xor Y -> exactly_one; d(_, _) -> zero_or_two.
e(X) when is_integer(X), X > 0; is_float(X) -> pos_int_or_float; e(_) -> other.
f(X) when (X > 1) and (X < 5) -> strict_in; f(_) -> strict_out.
g(X) when (X =:= a) or (X =:= b) -> ab; g(_) -> other.
h(X) when X =/= 0, 10 div X > 1 -> small_nonzero; h(_) -> other.
main() ->
    io:format("~p~n", [[a(5), a(10), a(-1)]]),
    io:format("~p~n", [[b(-5), b(50), b(500)]]),
    io:format("~p~n", [[c(1), c(x)]]),
    io:format("~p~n", [[d(true, false), d(true, true), d(false, false)]]),
    io:format("~p~n", [[e(3), e(-3), e(-1.5), e(x)]]),
    io:format("~p~n", [[f(3), f(5)]]),
    io:format("~p~n", [[g(a), g(b), g(c)]]),
    io:format("~p~n", [[h(0), h(3), h(20)]]),
    io:format("~p~n", [[true andalso false, false orelse true, not false, true xor true]]),
    io:format("~p~n", [[true and true, false or false]]),
    io:format("~p~n", [false andalso error(never)]),
    io:format("~p~n", [true orelse error(never)]),
    io:format("~p~n", [true andalso 42]),
    io:format("~p~n", [ec(fun() -> (1 andalso true) end)]),
    io:format("~p~n", [ec(fun() -> (not 1) end)]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

-module(case_fallthrough).
-export([main/0]).
f(X) -> case X of {a, N} when N > 0 -> pos_a; {a, _} -> other_a; _ -> other end.
main() ->
    io:format("~p~n", [[f({a, 1}), f({a, -1}), f(b)]]).

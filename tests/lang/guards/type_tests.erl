-module(type_tests).
-export([main/0]).
t(X) when is_integer(X) -> int;
t(X) when is_float(X) -> float;
t(X) when is_atom(X) -> atom;
t(_) -> other.
main() ->
    io:format("~p~n", [[t(1), t(1.0), t(a), t("s")]]).

-module(guard_types).
-export([main/0]).
-record(rec, {f}).
t(X) when is_integer(X) -> integer;
t(X) when is_float(X) -> float;
t(X) when is_atom(X), is_boolean(X) -> boolean;
t(X) when is_atom(X) -> atom;
t(X) when is_binary(X) -> binary;
t(X) when is_bitstring(X) -> bitstring;
t(X) when is_list(X) -> list;
t(X) when is_map(X) -> map;
t(X) when is_function(X) -> function;
t(X) when is_tuple(X) -> tuple;
t(_) -> other.
num(X) when is_number(X) -> number;
num(_) -> not_number.
main() ->
    Vals = [1, 1.0, true, abc, <<"b">>, <<1:1>>, [1], "s", #{}, fun() -> ok end, {t}, 1 bsl 80],
    io:format("~p~n", [[t(V) || V <- Vals]]),
    io:format("~p~n", [[num(V) || V <- Vals]]),
    io:format("~p~n", [[is_function(fun(_, _) -> x end, A) || A <- [0, 1, 2]]]),
    io:format("~p~n", [[is_record(R, rec) || R <- [{rec}, {rec, 1}, {other, 1}, rec]]]),
    io:format("~p~n", [[is_record(R, rec, 2) || R <- [{rec}, {rec, 1}]]]),
    ok.

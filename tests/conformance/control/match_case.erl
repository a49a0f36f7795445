-module(match_case).
-export([main/0]).
classify(X) ->
    case X of
        0 -> zero;
        N when is_integer(N), N < 0 -> negative;
        N when is_integer(N) -> positive;
        F when is_float(F) -> float;
        [] -> empty_list;
        [_] -> singleton;
        [_, _ | _] -> longer_list;
        {} -> empty_tuple;
        {_, _} -> pair;
        T when is_tuple(T) -> {tuple, tuple_size(T)};
        <<>> -> empty_binary;
        A when is_atom(A) -> {atom, A};
        _ -> other
    end.
main() ->
    [io:format("~p -> ~p~n", [V, classify(V)]) ||
        V <- [0, -3, 7, 1.5, [], [a], [a, b], {}, {1, 2}, {1, 2, 3}, <<>>, hello, <<"x">>, #{}]],
    R = case {1, 2} of
            {A, A} -> same;
            {A, B} when A > B -> desc;
            {_, _} -> asc
        end,
    io:format("~p~n", [R]),
    V = case lists:keyfind(b, 1, [{a, 1}, {b, 2}]) of
            {b, Val} -> Val;
            false -> none
        end,
    io:format("~p~n", [V]),
    ok.

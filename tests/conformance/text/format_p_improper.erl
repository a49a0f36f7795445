-module(format_p_improper).
-export([main/0]).
main() ->
    io:format("~p~n", [[1, 2, 3 | four]]),
    io:format("~p~n", [lists:seq(1, 30) ++ tail]),
    io:format("~p~n", [[{a, b}, {c, d} | {e, f}]]),
    io:format("~p~n", [[alpha_long_atom, beta_long_atom, gamma_long_atom, delta_long_atom, epsilon_long_atom | omega_tail]]),
    io:format("~p~n", ["abc" ++ improper_tail]),
    io:format("~w~n", ["abc" ++ improper_tail]),
    ok.

-module(format_p_wrap_tuple).
-export([main/0]).
main() ->
    io:format("~p~n", [list_to_tuple(lists:seq(1, 40))]),
    io:format("~p~n", [{alpha, beta, gamma, delta, epsilon, zeta, eta, theta, iota, kappa, lambda, mu}]),
    io:format("~p~n", [{config, [{host, "localhost"}, {port, 8080}, {options, [verbose, {timeout, 5000}, {retries, 3}]}]}]),
    io:format("~p~n", [{{nested, {deeply, {inside, {tuples, {that, {go, {on, {and_on, {forever}}}}}}}}}}]),
    io:format("~p~n", [{ok, lists:duplicate(20, {key, value})}]),
    io:format("~p~n", [{error, {badmatch, {some, long, reason, "with a string inside it", [1, 2, 3], <<"and a binary">>}}}]),
    ok.

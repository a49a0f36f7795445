-module(format_e_f_g).
-export([main/0]).
main() ->
    X = 1234.5678,
    io:format("[~e] [~f] [~g]~n", [X, X, X]),
    io:format("[~.3e] [~.3f] [~.3g]~n", [X, X, X]),
    io:format("[~15e] [~15f] [~15g]~n", [X, X, X]),
    io:format("[~-15e] [~-15f] [~-15g]~n", [X, X, X]),
    io:format("[~15.2.*e]~n", [$_, X]),
    io:format("[~f]~n", [0.1]),
    io:format("[~g] [~g] [~g]~n", [0.0001, 123456789.0, 0.5]),
    io:format("[~f]~n", [-0.0]),
    io:format("[~e]~n", [-1.0e-300]),
    io:format("[~.15f]~n", [0.1]),
    io:format("[~.20f]~n", [0.1]),
    io:format("[~5f]~n", [1.0]),
    ok.

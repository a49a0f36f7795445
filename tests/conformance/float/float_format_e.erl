-module(float_format_e).
-export([main/0]).
main() ->
    Fs = [0.0, 1.0, -1.0, 3.14159, 0.000123, 1.0e100, 6.02214076e23, -1.5e-10, 123456.789],
    [io:format("[~e] [~.2e] [~.3e] [~15.4e] [~-15.4e] [~.10e]~n", [F, F, F, F, F, F]) || F <- Fs],
    io:format("[~.2e]~n", [9.96]),
    io:format("[~.2e]~n", [2.5e-300]),
    ok.

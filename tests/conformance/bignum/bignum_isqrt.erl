-module(bignum_isqrt).
-export([main/0]).
isqrt(0) -> 0;
isqrt(N) -> isqrt(N, N).
isqrt(N, X) ->
    Y = (X + N div X) div 2,
    if Y >= X -> X; true -> isqrt(N, Y) end.
main() ->
    io:format("~p~n", [isqrt(1 bsl 200)]),
    io:format("~p~n", [isqrt(2 * (1 bsl 200))]),
    N = 12345678901234567890123456789,
    S = isqrt(N),
    io:format("~p ~p~n", [S, S * S =< N andalso (S + 1) * (S + 1) > N]),
    %% digits of sqrt(2)
    D = isqrt(2 * pow10(100)),
    io:format("~p~n", [D]),
    ok.
pow10(0) -> 1;
pow10(N) -> 10 * pow10(N - 1).

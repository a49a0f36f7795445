-module(arith_integer_funcs).
-export([main/0]).
pow_mod(_, 0, _) -> 1;
pow_mod(B, E, M) when E rem 2 =:= 0 -> H = pow_mod(B, E div 2, M), (H * H) rem M;
pow_mod(B, E, M) -> (B * pow_mod(B, E - 1, M)) rem M.
digits(0) -> [0];
digits(N) -> digits(N, []).
digits(0, Acc) -> Acc;
digits(N, Acc) -> digits(N div 10, [N rem 10 | Acc]).
popcount(0) -> 0;
popcount(N) -> (N band 1) + popcount(N bsr 1).
main() ->
    io:format("~p~n", [pow_mod(2, 1000, 1000000007)]),
    io:format("~p~n", [pow_mod(3, 1 bsl 70, 998244353)]),
    io:format("~p~n", [digits(9876543210)]),
    io:format("~p~n", [[popcount(N) || N <- [0, 1, 255, 1 bsl 100, (1 bsl 100) - 1]]]),
    io:format("~p~n", [integer_to_list(1 bsl 64 - 1, 2)]),
    ok.

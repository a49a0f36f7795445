-module(arith_gcd_lcm).
-export([main/0]).
gcd(A, 0) -> abs(A);
gcd(A, B) -> gcd(B, A rem B).
lcm(A, B) -> abs(A * B) div gcd(A, B).
is_prime(N) when N < 2 -> false;
is_prime(N) -> is_prime(N, 2).
is_prime(N, D) when D * D > N -> true;
is_prime(N, D) when N rem D =:= 0 -> false;
is_prime(N, D) -> is_prime(N, D + 1).
main() ->
    io:format("~p ~p ~p~n", [gcd(48, 18), gcd(17, 5), gcd(-12, 8)]),
    io:format("~p ~p~n", [lcm(4, 6), lcm(21, 6)]),
    io:format("~p~n", [lists:foldl(fun lcm/2, 1, lists:seq(1, 20))]),
    io:format("~p~n", [lists:foldl(fun lcm/2, 1, lists:seq(1, 60))]),
    io:format("~p~n", [[N || N <- lists:seq(1, 60), is_prime(N)]]),
    io:format("~p~n", [length([N || N <- lists:seq(1, 10000), is_prime(N)])]),
    ok.

-module(bignum_pow).
-export([main/0]).
pow(_, 0) -> 1;
pow(B, E) when E rem 2 =:= 0 -> H = pow(B, E div 2), H * H;
pow(B, E) -> B * pow(B, E - 1).
main() ->
    [io:format("2^~p = ~p~n", [E, pow(2, E)]) || E <- [31, 32, 59, 60, 62, 63, 64, 65, 100, 128]],
    io:format("~p~n", [pow(3, 200)]),
    io:format("~p~n", [pow(-7, 41)]),
    io:format("~p~n", [pow(10, 50) - 1]),
    io:format("~p~n", [pow(2, 64) - pow(2, 63)]),
    io:format("~p~n", [pow(2, 1000) rem 1000007]),
    io:format("~p~n", [length(integer_to_list(pow(7, 1000)))]),
    io:format("~p~n", [(1 bsl 64) =:= pow(2, 64)]),
    ok.

-module(bignum_factorial).
-export([main/0]).
fact(0) -> 1;
fact(N) -> N * fact(N - 1).
main() ->
    [io:format("~p! = ~p~n", [N, fact(N)]) || N <- [0, 1, 5, 10, 20, 21, 25, 30, 50]],
    F100 = fact(100),
    io:format("~p~n", [F100]),
    io:format("~p digits~n", [length(integer_to_list(F100))]),
    F1000 = fact(1000),
    io:format("~p digits, digit sum ~p~n", [length(integer_to_list(F1000)),
                                            lists:sum([C - $0 || C <- integer_to_list(F1000)])]),
    io:format("~p~n", [F1000 div fact(998)]),
    io:format("~p~n", [F1000 rem 1000000007]),
    ok.

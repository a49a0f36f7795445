-module(if_expr).
-export([main/0]).
grade(S) ->
    if S >= 90 -> a;
       S >= 80 -> b;
       S >= 70 -> c;
       true -> f
    end.
fizz(N) ->
    if N rem 15 =:= 0 -> "FizzBuzz";
       N rem 3 =:= 0 -> "Fizz";
       N rem 5 =:= 0 -> "Buzz";
       true -> integer_to_list(N)
    end.
main() ->
    io:format("~p~n", [[grade(S) || S <- [95, 85, 75, 10]]]),
    io:format("~s~n", [string:join([fizz(N) || N <- lists:seq(1, 20)], " ")]),
    X = 5,
    R = if X > 3, X < 10 -> both; X > 3; X < 0 -> either; true -> none end,
    io:format("~p~n", [R]),
    io:format("~p~n", [if is_atom(X) -> atom; is_integer(X) -> int end]),
    ok.

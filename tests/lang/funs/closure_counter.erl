-module(closure_counter).
-export([main/0]).
adder(N) -> fun(X) -> X + N end.
main() ->
    Add3 = adder(3),
    io:format("~p~n", [lists:map(Add3, [1, 2, 3])]).

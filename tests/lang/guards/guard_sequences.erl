-module(guard_sequences).
-export([main/0]).
f(X) when X > 10, X < 20; X =:= 0 -> yes;
f(_) -> no.
main() ->
    io:format("~p~n", [[f(15), f(0), f(25), f(10)]]).

-module(repeated_variable).
-export([main/0]).
same({X, X}) -> true;
same(_) -> false.
main() ->
    io:format("~p ~p ~p~n", [same({1, 1}), same({1, 2}), same({1, 1.0})]).

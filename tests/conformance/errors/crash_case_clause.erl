-module(crash_case_clause).
-export([main/0]).
id(X) -> X.
main() ->
    [io:format("~p~n", [case id(N) of 1 -> one; 2 -> two end]) || N <- [1, 2, 3]].

-module(comp_strings).
-export([main/0]).
main() ->
    S = "The Quick Brown Fox",
    io:format("~p~n", [[C || C <- S, C >= $A, C =< $Z]]),
    io:format("~p~n", [[[C + 32] || C <- S, C >= $A, C =< $Z]]),
    io:format("~p~n", [string:join([lists:reverse(W) || W <- string:tokens(S, " ")], " ")]),
    io:format("~p~n", [[{C, N} || C <- lists:usort(string:lowercase(S)), C =/= $\s,
                                  N <- [length([X || X <- string:lowercase(S), X =:= C])], N > 1]]),
    io:format("~p~n", [lists:flatten([[C, C] || C <- "abc"])]),
    ok.

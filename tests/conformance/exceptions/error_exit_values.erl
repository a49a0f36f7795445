-module(error_exit_values).
-export([main/0]).
main() ->
    Vals = [normal, shutdown, {shutdown, reason}, kill, 42, "string", {a, [b]}],
    [io:format("~p~n", [try exit(V) catch exit:E -> {caught_exit, E} end]) || V <- Vals],
    [io:format("~p~n", [catch exit(V)]) || V <- Vals],
    ok.

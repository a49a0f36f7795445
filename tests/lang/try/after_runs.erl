-module(after_runs).
-export([main/0]).
main() ->
    R = try 1 + 1 after io:format("after~n") end,
    io:format("~p~n", [R]),
    catch try throw(x) after io:format("after throw~n") end.

-module(catch_classes).
-export([main/0]).
c(F) -> try F() catch Class:Reason -> {Class, Reason} end.
main() ->
    io:format("~p~n", [c(fun() -> throw(t) end)]),
    io:format("~p~n", [c(fun() -> error(e) end)]),
    io:format("~p~n", [c(fun() -> exit(x) end)]).

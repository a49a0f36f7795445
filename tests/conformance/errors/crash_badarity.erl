-module(crash_badarity).
-export([main/0]).
id(X) -> X.
main() ->
    F = id(fun(A, B) -> A + B end),
    io:format("~p~n", [F(1, 2)]),
    try F(1) catch error:{badarity, {_, Args}} -> io:format("caught badarity with ~p~n", [Args]) end,
    hd(id([])).

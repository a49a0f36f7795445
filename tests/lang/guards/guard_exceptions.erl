-module(guard_exceptions).
-export([main/0]).
f(X) when hd(X) > 0 -> positive_head;
f(_) -> fallback.
main() ->
    io:format("~p ~p ~p~n", [f([1]), f([]), f(atom)]).

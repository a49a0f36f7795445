-module(of_clause).
-export([main/0]).
f(X) -> try X of 1 -> one; _ -> many catch _:_ -> err end.
main() ->
    io:format("~p ~p~n", [f(1), f(2)]).

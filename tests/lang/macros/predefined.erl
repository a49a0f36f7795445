-module(predefined).
-export([main/0]).
main() ->
    io:format("~p ~p ~p ~p~n", [?MODULE, ?FUNCTION_NAME, ?FUNCTION_ARITY, ?LINE]).

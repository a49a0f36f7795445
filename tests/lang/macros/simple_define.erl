-module(simple_define).
-export([main/0]).
-define(ANSWER, 42).
-define(DOUBLE(X), (2 * (X))).
main() ->
    io:format("~p ~p~n", [?ANSWER, ?DOUBLE(?ANSWER + 1)]).

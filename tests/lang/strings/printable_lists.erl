-module(printable_lists).
-export([main/0]).
main() ->
    io:format("~p ~p ~p~n", [[104, 105], [1, 2], [104, 105, 0]]).

-module(include_local).
-export([main/0]).
-include("local_defs.hrl").
main() ->
    io:format("~p ~p~n", [?GREETING, #cfg{}]).

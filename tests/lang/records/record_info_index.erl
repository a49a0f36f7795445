-module(record_info_index).
-export([main/0]).
-record(r, {a, b, c}).
main() ->
    io:format("~p ~p ~p~n", [record_info(fields, r), record_info(size, r), #r.c]).

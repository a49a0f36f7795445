-module(crash_list_to_atom).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("~p~n", [list_to_atom("fine")]),
    list_to_atom(id(not_a_list)).

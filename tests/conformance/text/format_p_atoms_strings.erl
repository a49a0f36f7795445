-module(format_p_atoms_strings).
-export([main/0]).
main() ->
    io:format("~p~n", [['Hello World', 'another quoted atom', normal_atom, 'UPPER', 'with-dash', 'x@y', 'last one here']]),
    io:format("~p~n", [{"string one", "string two", "string three", "string four", "string five"}]),
    io:format("~p~n", [["tab\tseparated", "new\nline", "quote\"d", "back\\slash", "bell\007"]]),
    io:format("~w~n", [['Hello World', "str"]]),
    io:format("~s~n", [io_lib:format("~p", [[a, 'B', "c"]])]),
    ok.

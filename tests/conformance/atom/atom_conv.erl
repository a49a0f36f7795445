-module(atom_conv).
-export([main/0]).
main() ->
    io:format("~p~n", [atom_to_list(hello)]),
    io:format("~p~n", [list_to_atom("with space")]),
    io:format("~p~n", [atom_to_binary(hello)]),
    io:format("~p~n", [atom_to_binary('Quoted Atom', utf8)]),
    io:format("~p~n", [binary_to_atom(<<"from_bin">>)]),
    io:format("~p~n", [binary_to_atom(<<"x y">>, latin1)]),
    io:format("~p~n", [list_to_existing_atom("ok")]),
    io:format("~p~n", [ec(fun() -> list_to_existing_atom("surely_this_atom_does_not_exist_42") end)]),
    io:format("~p~n", [binary_to_existing_atom(<<"ok">>, utf8)]),
    io:format("~p~n", [is_atom(list_to_atom(""))]),
    io:format("~p~n", [length(atom_to_list('abcdefghij'))]),
    io:format("~p~n", [list_to_atom([$a, 246, $b])]),
    io:format("~p~n", [atom_to_list(list_to_atom("\x{430}\x{431}"))]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

-module(bif_type_conv).
-export([main/0]).
main() ->
    io:format("~p~n", [integer_to_list(42)]),
    io:format("~p~n", [integer_to_list(42, 2)]),
    io:format("~p~n", [list_to_integer("42")]),
    io:format("~p~n", [float_to_list(42.0)]),
    io:format("~p~n", [float_to_list(42.0, [{decimals, 1}])]),
    io:format("~p~n", [atom_to_list('42')]),
    io:format("~p~n", [list_to_atom("42")]),
    io:format("~p~n", [tuple_to_list({4, 2})]),
    io:format("~p~n", [list_to_tuple([4, 2])]),
    io:format("~p~n", [binary_to_list(<<"42">>)]),
    io:format("~p~n", [list_to_binary("42")]),
    io:format("~p~n", [term_to_binary(42)]),
    io:format("~p~n", [binary_to_term(term_to_binary({4, "2"}))]),
    io:format("~p~n", [erlang:list_to_integer("7FFFFFFFFFFFFFFFFFFFFFFF", 16)]),
    io:format("~p~n", [erlang:float(42)]),
    io:format("~p~n", [erlang:trunc(42.9)]),
    io:format("~p~n", [erlang:round(-42.5)]),
    ok.

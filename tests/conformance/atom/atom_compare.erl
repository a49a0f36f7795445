-module(atom_compare).
-export([main/0]).
main() ->
    io:format("~p~n", [lists:sort([zebra, apple, 'Zoo', 'apple pie', a, aa, '', '_', b])]),
    io:format("~p ~p ~p~n", [a < b, abc < abd, 'Z' < a]),
    io:format("~p ~p~n", [true > false, ok == 'ok']),
    io:format("~p~n", [erlang:atom_to_list(node())]),
    io:format("~p~n", [a =:= list_to_atom("a")]),
    io:format("~p~n", [lists:max([foo, bar, baz])]),
    ok.

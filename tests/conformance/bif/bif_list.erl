-module(bif_list).
-export([main/0]).
main() ->
    L = [3, 1, 2],
    io:format("~p ~p ~p~n", [hd(L), tl(L), length(L)]),
    io:format("~p~n", [lists:reverse(L)]),
    io:format("~p~n", [erlang:list_to_tuple(L)]),
    io:format("~p~n", [lists:member(2, L)]),
    io:format("~p~n", [length([])]),
    io:format("~p~n", [atom_to_list(abc) ++ integer_to_list(123)]),
    io:format("~p~n", [list_to_integer("-987")]),
    io:format("~p~n", [list_to_integer("777", 8)]),
    io:format("~p~n", [list_to_float("2.5e-3")]),
    io:format("~p~n", [integer_to_list(-255, 16)]),
    io:format("~p~n", [tl([only])]),
    io:format("~p~n", [[hd("xyz") | tl("abc")]]),
    ok.

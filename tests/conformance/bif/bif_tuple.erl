-module(bif_tuple).
-export([main/0]).
main() ->
    T = {a, b, c},
    io:format("~p ~p~n", [element(2, T), tuple_size(T)]),
    io:format("~p~n", [setelement(2, T, x)]),
    io:format("~p~n", [erlang:append_element(T, d)]),
    io:format("~p~n", [erlang:delete_element(1, T)]),
    io:format("~p~n", [erlang:insert_element(2, T, new)]),
    io:format("~p~n", [tuple_to_list(T)]),
    io:format("~p~n", [list_to_tuple([1, [2], "3"])]),
    io:format("~p~n", [erlang:make_tuple(4, z)]),
    io:format("~p~n", [erlang:make_tuple(5, 0, [{2, two}, {4, four}])]),
    io:format("~p~n", [erlang:make_tuple(0, x)]),
    io:format("~p~n", [size({1, 2})]),
    io:format("~p~n", [size(<<1, 2, 3>>)]),
    Big = list_to_tuple(lists:seq(1, 1000)),
    io:format("~p ~p~n", [tuple_size(Big), element(777, Big)]),
    io:format("~p~n", [element(1000, setelement(1000, Big, last))]),
    ok.

-module(bif_misc).
-export([main/0]).
main() ->
    io:format("~p ~p~n", [abs(-3), abs(3.5)]),
    io:format("~p ~p~n", [min(a, b), max("a", "b")]),
    io:format("~p~n", [is_atom(true)]),
    io:format("~p~n", [erlang:is_builtin(erlang, length, 1)]),
    io:format("~p~n", [node()]),
    io:format("~p~n", [erlang:function_exported(lists, map, 2)]),
    io:format("~p~n", [erlang:function_exported(lists, no_such, 2)]),
    io:format("~p~n", [is_process_alive(self())]),
    io:format("~p~n", [erlang:external_size(hello) > 0]),
    io:format("~p~n", [erlang:atom_to_list(?MODULE)]),
    io:format("~p~n", [bit_size(<<1:13>>)]),
    io:format("~p~n", [erlang:byte_size(<<1:13>>)]),
    io:format("~p~n", [lists:map(fun erlang:tuple_size/1, [{}, {1}, {1, 2}])]),
    io:format("~p~n", [erlang:system_info(wordsize) > 0]),
    io:format("~p~n", [lists:keyfind(module, 1, ?MODULE:module_info()) =/= false]),
    io:format("~p~n", [lists:sort(?MODULE:module_info(exports))]),
    ok.

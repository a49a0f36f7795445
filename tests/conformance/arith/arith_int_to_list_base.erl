-module(arith_int_to_list_base).
-export([main/0]).
main() ->
    Ns = [0, 1, 255, -255, 4096, 123456789, -1],
    [io:format("~p: ~s ~s ~s ~s~n", [N, integer_to_list(N, 2), integer_to_list(N, 8),
                                    integer_to_list(N, 16), integer_to_list(N, 36)]) || N <- Ns],
    io:format("~p ~p ~p~n", [list_to_integer("ff", 16), list_to_integer("-1010", 2), list_to_integer("zz", 36)]),
    io:format("~p ~p~n", [list_to_integer("+42"), list_to_integer("-0")]),
    io:format("~p~n", [integer_to_binary(255, 16)]),
    io:format("~p~n", [binary_to_integer(<<"7fffffffffffffffffff">>, 16)]),
    io:format("~p~n", [erlang:integer_to_list(1 bsl 70, 16)]),
    ok.

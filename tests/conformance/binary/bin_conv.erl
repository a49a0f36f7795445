-module(bin_conv).
-export([main/0]).
main() ->
    io:format("~p~n", [binary_to_list(<<"abc">>)]),
    io:format("~p~n", [binary_to_list(<<"abcdef">>, 2, 4)]),
    io:format("~p~n", [list_to_binary([1, [2, <<3, 4>>], "56"])]),
    io:format("~p~n", [iolist_to_binary([<<"x">>, [$y, [<<"z">>]], []])]),
    io:format("~p~n", [iolist_size([<<"abc">>, "de", [$f]])]),
    io:format("~p~n", [split_binary(<<"abcdef">>, 2)]),
    io:format("~p~n", [ec(fun() -> split_binary(<<"ab">>, 5) end)]),
    io:format("~p~n", [term_to_binary(ok) =:= term_to_binary(ok)]),
    io:format("~p~n", [integer_to_binary(-42)]),
    io:format("~p~n", [binary_to_integer(<<"-42">>)]),
    io:format("~p~n", [ec(fun() -> binary_to_integer(<<"4x2">>) end)]),
    io:format("~p~n", [float_to_binary(1.5, [{decimals, 2}])]),
    io:format("~p~n", [binary_to_float(<<"-1.5e3">>)]),
    io:format("~p~n", [list_to_binary([])]),
    io:format("~p~n", [ec(fun() -> list_to_binary([256]) end)]),
    io:format("~p~n", [ec(fun() -> list_to_binary([a]) end)]),
    io:format("~p~n", [binary:list_to_bin("xy")]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

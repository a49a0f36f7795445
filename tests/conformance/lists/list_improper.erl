-module(list_improper).
-export([main/0]).
main() ->
    A = [1 | 2],
    B = [1, 2 | 3],
    C = [a, b | {c}],
    io:format("~p ~p ~p~n", [A, B, C]),
    io:format("~w ~w~n", [A, B]),
    [H | T] = B,
    io:format("~p ~p~n", [H, T]),
    io:format("~p~n", [is_list(A)]),
    io:format("~p~n", [ec(fun() -> length(A) end)]),
    io:format("~p~n", [[1 | []]]),
    io:format("~p~n", [["abc" | "def"]]),
    io:format("~p~n", [[$a, $b | $c]]),
    io:format("~p~n", [[$a | <<"b">>]]),
    io:format("~p~n", [[[1|2]|[3|4]]]),
    io:format("~p~n", [iolist_to_binary(["ab" | <<"cd">>])]),
    io:format("~p~n", [ec(fun() -> lists:reverse([1, 2 | 3]) end)]),
    io:format("~p~n", [erlang:iolist_size([$a, [$b | <<"cd">>] | <<"e">>])]),
    io:format("~p~n", [lists:sort([[1|2], [1], [1,2], [1|1]])]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

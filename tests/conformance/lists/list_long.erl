-module(list_long).
-export([main/0]).
main() ->
    L = lists:seq(1, 200000),
    io:format("~p~n", [length(L)]),
    io:format("~p~n", [lists:sum(L)]),
    R = lists:reverse(L),
    io:format("~p ~p~n", [hd(R), lists:last(R)]),
    S = lists:sort(fun(A, B) -> A > B end, L),
    io:format("~p~n", [S =:= R]),
    Str = lists:duplicate(100000, $x),
    io:format("~p~n", [length(Str ++ Str)]),
    B = list_to_binary(Str),
    io:format("~p~n", [byte_size(B)]),
    io:format("~p~n", [length(lists:flatten(lists:duplicate(1000, [a, [b, [c]]])))]),
    io:format("~p~n", [lists:nth(150000, L)]),
    ok.

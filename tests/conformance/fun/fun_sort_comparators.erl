-module(fun_sort_comparators).
-export([main/0]).
main() ->
    Words = ["banana", "Apple", "cherry", "date", "Elderberry", "fig", "apple"],
    io:format("~p~n", [lists:sort(Words)]),
    io:format("~p~n", [lists:sort(fun(A, B) -> string:lowercase(A) =< string:lowercase(B) end, Words)]),
    io:format("~p~n", [lists:sort(fun(A, B) -> {length(A), A} =< {length(B), B} end, Words)]),
    io:format("~p~n", [lists:sort(fun(A, B) -> A > B end, Words)]),
    ByLen = fun(A, B) -> length(A) >= length(B) end,
    io:format("~p~n", [hd(lists:sort(ByLen, Words))]),
    ok.

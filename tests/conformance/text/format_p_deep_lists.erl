-module(format_p_deep_lists).
-export([main/0]).
nest(0) -> [];
nest(N) -> [N, nest(N - 1)].
main() ->
    io:format("~p~n", [nest(30)]),
    io:format("~p~n", [[nest(5), nest(5), nest(5)]]),
    io:format("~p~n", [lists:duplicate(4, lists:duplicate(4, lists:duplicate(4, 0)))]),
    io:format("~p~n", [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]),
    ok.

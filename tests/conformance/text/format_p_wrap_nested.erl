-module(format_p_wrap_nested).
-export([main/0]).
tree(0) -> leaf;
tree(N) -> {node, N, tree(N - 1), tree(N - 1)}.
main() ->
    io:format("~p~n", [tree(3)]),
    io:format("~p~n", [tree(4)]),
    io:format("~p~n", [[[[[[[[[[deep]]]]]]]]]]),
    Deep = lists:foldl(fun(I, Acc) -> [I, Acc] end, [], lists:seq(1, 25)),
    io:format("~p~n", [Deep]),
    io:format("~p~n", [#{name => "a fairly long name string", list => lists:seq(1, 20),
                         nested => #{inner => {tuple, with, atoms}, more => [x, y, z]}}]),
    ok.

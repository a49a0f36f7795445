-module(list_cons_pattern).
-export([main/0]).
pairs([A, B | Rest]) -> [{A, B} | pairs(Rest)];
pairs([A]) -> [{A}];
pairs([]) -> [].
first3([A, B, C | _]) -> {A, B, C};
first3(_) -> short.
interleave([], Ys) -> Ys;
interleave([X | Xs], Ys) -> [X | interleave(Ys, Xs)].
main() ->
    io:format("~p~n", [pairs([1, 2, 3, 4, 5])]),
    io:format("~p ~p~n", [first3("abcdef"), first3([1, 2])]),
    io:format("~p~n", [interleave([1, 3, 5], [2, 4, 6, 8, 10])]),
    [_, Second | _] = [a, b, c],
    io:format("~p~n", [Second]),
    "abc" ++ Rest = "abcdef",
    io:format("~p~n", [Rest]),
    [{K, V} | _] = [{x, 1}, {y, 2}],
    io:format("~p ~p~n", [K, V]),
    ok.

-module(lists_keys).
-export([main/0]).
main() ->
    L = [{apple, 3, red}, {banana, 5, yellow}, {cherry, 1, red}, {date, 5, brown}],
    io:format("~p~n", [lists:keyfind(banana, 1, L)]),
    io:format("~p~n", [lists:keyfind(5, 2, L)]),
    io:format("~p~n", [lists:keyfind(kiwi, 1, L)]),
    io:format("~p~n", [lists:keymember(red, 3, L)]),
    io:format("~p~n", [lists:keysearch(cherry, 1, L)]),
    io:format("~p~n", [lists:keydelete(5, 2, L)]),
    io:format("~p~n", [lists:keyreplace(apple, 1, L, {apple, 0, green})]),
    io:format("~p~n", [lists:keystore(kiwi, 1, L, {kiwi, 9, green})]),
    io:format("~p~n", [lists:keystore(date, 1, L, {date, 0, black})]),
    io:format("~p~n", [lists:keysort(2, L)]),
    io:format("~p~n", [lists:keysort(3, L)]),
    io:format("~p~n", [lists:ukeysort(2, L)]),
    io:format("~p~n", [lists:keytake(cherry, 1, L)]),
    io:format("~p~n", [lists:keymap(fun(N) -> N * 100 end, 2, L)]),
    io:format("~p~n", [lists:keymerge(1, [{a, 1}, {c, 3}], [{b, 2}, {d, 4}])]),
    ok.

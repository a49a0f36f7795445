-module(list_basic).
-export([main/0]).
main() ->
    L = [1, 2, 3],
    io:format("~p ~p ~p~n", [L, [0 | L], L ++ [4]]),
    [H | T] = L,
    io:format("~p ~p~n", [H, T]),
    io:format("~p ~p ~p~n", [length(L), hd(L), tl(L)]),
    io:format("~p~n", [[1, [2, [3, [4]]], []]]),
    io:format("~p~n", [[a, "b", <<"c">>, {d}, 5.0]]),
    io:format("~p ~p~n", [[] == [], [] =:= ""]),
    io:format("~p~n", [[X * 2 || X <- L]]),
    io:format("~p~n", [[1 | [2 | [3 | []]]]]),
    io:format("~p~n", [L -- [2]]),
    io:format("~p~n", [[1,2,3,1,2,3] -- [3,1]]),
    io:format("~p~n", ["abc" ++ "def"]),
    io:format("~p~n", [[$h, $i]]),
    io:format("~p ~p~n", [is_list([]), is_list([a|b])]),
    ok.

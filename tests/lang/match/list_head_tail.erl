-module(list_head_tail).
-export([main/0]).
main() ->
    [H | T] = [a, b, c],
    io:format("~p ~p~n", [H, T]),
    [X, Y | _] = "hello",
    io:format("~c~c~n", [X, Y]).

-module(tuple_destructure).
-export([main/0]).
main() ->
    {A, {B, C}} = {1, {2, 3}},
    io:format("~p~n", [A + B + C]). % expect: 6

-module(concat_reverse).
-export([main/0]).
main() ->
    S = "abc" ++ "def",
    io:format("~s ~s ~p~n", [S, lists:reverse(S), length(S)]).

-module(construct_match).
-export([main/0]).
main() ->
    B = <<1:8, 1000:16, "hi">>,
    <<A:8, N:16, Rest/binary>> = B,
    io:format("~p ~p ~p ~p~n", [B, A, N, Rest]).

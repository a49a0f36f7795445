-module(recursion_deep_body).
-export([main/0]).
%% body (non-tail) recursion 1,000,000 frames deep
len([]) -> 0;
len([_ | T]) -> 1 + len(T).
build(0) -> [];
build(N) -> [N | build(N - 1)].
main() ->
    L = lists:seq(1, 1000000),
    io:format("~p~n", [len(L)]),
    B = build(1000000),
    io:format("~p ~p~n", [hd(B), length(B)]),
    ok.

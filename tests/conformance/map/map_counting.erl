-module(map_counting).
-export([main/0]).
main() ->
    Text = "the quick brown fox jumps over the lazy dog the end",
    Words = string:tokens(Text, " "),
    Counts = lists:foldl(fun(W, M) -> M#{W => maps:get(W, M, 0) + 1} end, #{}, Words),
    io:format("~p~n", [Counts]),
    Sorted = lists:sort(fun({_, A}, {_, B}) -> A > B end, maps:to_list(Counts)),
    io:format("~p~n", [hd(Sorted)]),
    Letters = lists:foldl(fun(C, M) -> maps:update_with(C, fun(N) -> N + 1 end, 1, M) end,
                          #{}, [C || C <- Text, C =/= $\s]),
    io:format("~p~n", [Letters]),
    io:format("~p~n", [maps:size(Letters)]),
    ok.

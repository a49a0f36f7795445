%% erlang:phash2/1,2 of maps past 32 keys (hash-trie maps): OTP hashes them
%% like small maps (size, then the xor of each pair's hash), so the value
%% does not depend on the map's internal layout.
-module(phash2_large_maps).
-export([main/0]).
main() ->
    [io:format("~p ~p ~p~n", [N, erlang:phash2(M), erlang:phash2(M, 1000)])
     || N <- [31, 32, 33, 40, 100, 1000, 100000],
        M <- [maps:from_list([{I, I * 2} || I <- lists:seq(1, N)])]],
    Nested = #{a => maps:from_list([{{k, I}, [I]} || I <- lists:seq(1, 50)])},
    io:format("~p~n", [erlang:phash2(Nested)]),
    Mixed = maps:from_list([{I, x} || I <- lists:seq(1, 40)] ++ [{float(I), y} || I <- lists:seq(1, 40)]),
    io:format("~p~n", [erlang:phash2(Mixed)]),
    Grown = lists:foldl(fun(I, Acc) -> Acc#{integer_to_list(I) => I} end, #{}, lists:seq(1, 500)),
    Shrunk = maps:without([integer_to_list(I) || I <- lists:seq(33, 500)], Grown),
    io:format("~p ~p~n", [erlang:phash2(Grown), erlang:phash2(Shrunk)]).

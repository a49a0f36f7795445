-module(match_alias).
-export([main/0]).
dup([H | _] = L) -> {H, L}.
f({point, X, _} = P, #{k := V} = M) -> {X, P, V, map_size(M)}.
main() ->
    io:format("~p~n", [dup([1, 2, 3])]),
    io:format("~p~n", [f({point, 1, 2}, #{k => v, j => w})]),
    {A, B} = C = {1, 2},
    io:format("~p ~p ~p~n", [A, B, C]),
    [_ | Rest] = All = lists:seq(1, 4),
    io:format("~p ~p~n", [Rest, All]),
    <<Hd:8, _/binary>> = Bin = <<"zyx">>,
    io:format("~p ~p~n", [Hd, Bin]),
    ok.

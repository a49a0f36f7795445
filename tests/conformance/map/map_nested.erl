-module(map_nested).
-export([main/0]).
main() ->
    Cfg = #{db => #{host => "localhost", port => 5432}, cache => #{ttl => 60}},
    #{db := #{port := P}} = Cfg,
    io:format("~p~n", [P]),
    Cfg2 = Cfg#{db := (maps:get(db, Cfg))#{port := 6543}},
    io:format("~p~n", [Cfg2]),
    io:format("~p~n", [get_in([cache, ttl], Cfg)]),
    io:format("~p~n", [get_in([db, user], Cfg)]),
    io:format("~p~n", [#{list => [#{a => 1}, #{b => 2}], tuple => {#{}}}]),
    io:format("~p~n", [lists:sort(maps:to_list(#{3 => c, 1 => a, 2 => b}))]),
    ok.
get_in([], V) -> V;
get_in([K | Ks], M) when is_map(M) ->
    case maps:find(K, M) of {ok, V} -> get_in(Ks, V); error -> undefined end.

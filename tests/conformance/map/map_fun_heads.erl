-module(map_fun_heads).
-export([main/0]).
step(#{state := idle} = M, start) -> M#{state := running, ticks => 0};
step(#{state := running, ticks := T} = M, tick) -> M#{ticks := T + 1};
step(#{state := running} = M, stop) -> M#{state := stopped};
step(M, _) -> M.
main() ->
    Events = [tick, start, tick, tick, bogus, tick, stop, tick],
    Final = lists:foldl(fun(E, M) -> step(M, E) end, #{state => idle}, Events),
    io:format("~p~n", [Final]),
    Trace = lists:foldl(fun(E, [M | _] = Acc) -> [step(M, E) | Acc] end, [#{state => idle}], Events),
    [io:format("~p~n", [M]) || M <- lists:reverse(Trace)],
    ok.

-module(try_nested).
-export([main/0]).
level3(X) -> throw({level3, X}).
level2(X) -> try level3(X) catch error:_ -> not_here end.
level1(X) ->
    try level2(X)
    catch throw:{level3, V} -> {caught_at_level1, V}
    end.
rethrow() ->
    try error(original)
    catch error:R -> error({wrapped, R})
    end.
main() ->
    io:format("~p~n", [level1(7)]),
    io:format("~p~n", [try rethrow() catch error:E -> E end]),
    R = try
            try throw(a)
            catch throw:a -> throw(b)
            end
        catch throw:B -> {second, B}
        end,
    io:format("~p~n", [R]),
    Deep = lists:foldl(fun(I, Acc) -> try I / Acc catch error:badarith -> 0 end end, 1, [0, 1, 2]),
    io:format("~p~n", [Deep]),
    ok.

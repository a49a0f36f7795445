-module(try_basic).
-export([main/0]).
id(X) -> X.
safe_div(A, B) ->
    try A div B
    catch error:badarith -> infinity
    end.
classify(F) ->
    try F() of
        V -> {value, V}
    catch
        throw:T -> {thrown, T};
        error:E -> {error, E};
        exit:X -> {exit, X}
    end.
main() ->
    io:format("~p ~p~n", [safe_div(10, 3), safe_div(1, id(0))]),
    io:format("~p~n", [classify(fun() -> 42 end)]),
    io:format("~p~n", [classify(fun() -> throw(oops) end)]),
    io:format("~p~n", [classify(fun() -> error(bad) end)]),
    io:format("~p~n", [classify(fun() -> exit(done) end)]),
    io:format("~p~n", [classify(fun() -> id(a) + 1 end)]),
    io:format("~p~n", [classify(fun() -> throw({complex, [1, 2], #{k => v}}) end)]),
    R = try throw(x) catch X -> {caught_default_throw, X} end,
    io:format("~p~n", [R]),
    R2 = try error(y) catch _:Y -> {any_class, Y} end,
    io:format("~p~n", [R2]),
    ok.

-module(try_of_after).
-export([main/0]).
id(X) -> X.
run(X) ->
    try id(X) of
        0 -> zero;
        N when N > 0 -> positive;
        N -> {negative, N}
    catch
        error:_ -> impossible
    after
        io:format("after for ~p~n", [X])
    end.
main() ->
    io:format("~p~n", [run(0)]),
    io:format("~p~n", [run(5)]),
    io:format("~p~n", [run(-5)]),
    R = try
            try error(inner)
            after io:format("inner after~n")
            end
        catch error:E -> {outer_caught, E}
        after io:format("outer after~n")
        end,
    io:format("~p~n", [R]),
    R2 = try io:format("body~n"), done after io:format("cleanup~n") end,
    io:format("~p~n", [R2]),
    R3 = (catch try ok of ok -> throw(from_of) catch throw:T -> {caught, T} end),
    io:format("~p~n", [R3]),
    ok.

-module(try_rethrow_classes).
-export([main/0]).
wrap(F) ->
    try F()
    catch
        throw:T -> {rethrown, catch throw({wrapped, T})};
        error:E -> {rethrown, try error({wrapped, E}) catch error:W -> W end};
        exit:X -> {rethrown, catch exit({wrapped, X})}
    end.
main() ->
    io:format("~p~n", [wrap(fun() -> throw(a) end)]),
    io:format("~p~n", [wrap(fun() -> error(b) end)]),
    io:format("~p~n", [wrap(fun() -> exit(c) end)]),
    io:format("~p~n", [wrap(fun() -> fine end)]),
    ok.

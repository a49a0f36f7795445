-module(crash_rethrown).
-export([main/0]).
id(X) -> X.
main() ->
    try id(1) / id(0)
    catch error:R:S ->
        io:format("caught ~p, re-raising~n", [R]),
        erlang:raise(error, {wrapped, R}, S)
    end.

-module(crash_in_after).
-export([main/0]).
id(X) -> X.
main() ->
    try
        io:format("in body~n"),
        id(ok)
    after
        io:format("in after~n")
    end,
    [_] = id([1, 2]).

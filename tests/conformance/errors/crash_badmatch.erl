-module(crash_badmatch).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("before~n"),
    {ok, V} = id({error, enoent}),
    io:format("never ~p~n", [V]).

-module(error_stack_depth).
-export([main/0]).
deep(0) -> error(bottom);
deep(N) -> 1 + deep(N - 1).
tail(0) -> throw(tail_bottom);
tail(N) -> tail(N - 1).
main() ->
    io:format("~p~n", [try deep(10000) catch error:R -> R end]),
    io:format("~p~n", [try tail(1000000) catch throw:T -> T end]),
    io:format("~p~n", [try deep(100) catch error:R2:S -> {R2, is_list(S)} end]),
    io:format("~p~n", [catch tail(5)]),
    ok.

-module(crash_deep_recursion).
-export([main/0]).
down(0) -> error(reached_bottom);
down(N) -> 1 + down(N - 1).
main() ->
    io:format("descending~n"),
    down(100000).

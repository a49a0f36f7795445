-module(match_strings).
-export([main/0]).
cmd("get " ++ Key) -> {get, Key};
cmd("set " ++ Rest) -> [K, V] = string:split(Rest, " "), {set, K, V};
cmd("quit") -> quit;
cmd(Other) -> {unknown, Other}.
main() ->
    [io:format("~p~n", [cmd(C)]) || C <- ["get foo", "set a 1", "quit", "hmm"]],
    "prefix:" ++ Tail = "prefix:data",
    io:format("~p~n", [Tail]),
    [$a, $b | R] = "abcd",
    io:format("~p~n", [R]),
    case "hello" of
        [$h | _] = S -> io:format("starts with h: ~s~n", [S])
    end,
    io:format("~p~n", [[X || [X, $!] <- ["a!", "b?", "c!", "dd!"]]]),
    ok.

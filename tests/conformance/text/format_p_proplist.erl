-module(format_p_proplist).
-export([main/0]).
main() ->
    Env = [{path, "/usr/local/bin:/usr/bin:/bin"}, {home, "/home/user"}, {shell, "/bin/bash"},
           {lang, "C.UTF-8"}, {term, "xterm-256color"}, {editor, vim}, {debug, false}],
    io:format("~p~n", [Env]),
    io:format("~p~n", [{env, Env}]),
    io:format("~p~n", [[{a, 1}, {b, 2}]]),
    io:format("~p~n", [[[{x, 1}, {y, 2}], [{x, 3}, {y, 4}], [{x, 5}, {y, 6}], [{x, 7}, {y, 8}], [{x, 9}, {y, 10}]]]),
    io:format("~p~n", [lists:zip(lists:seq(1, 12), [list_to_atom("atom_" ++ integer_to_list(I)) || I <- lists:seq(1, 12)])]),
    ok.

-module(format_p_width_limits).
-export([main/0]).
main() ->
    %% terms whose flat form is exactly around the 80 column limit
    A79 = list_to_atom(lists:duplicate(79, $a)),
    A80 = list_to_atom(lists:duplicate(80, $a)),
    io:format("~p~n", [A79]),
    io:format("~p~n", [A80]),
    L76 = lists:duplicate(25, 1) ++ [1],
    io:format("~p~n", [L76]),
    io:format("~p~n", [lists:duplicate(26, 1) ++ [11]]),
    io:format("~p~n", [lists:duplicate(38, 1) ++ [11]]),
    io:format("~p~n", [lists:duplicate(39, 1)]),
    io:format("~p~n", [lists:duplicate(40, 1)]),
    io:format("~p~n", [{lists:duplicate(36, 1)}]),
    io:format("~p~n", [{lists:duplicate(37, 1)}]),
    io:format("~p~n", [{lists:duplicate(38, 1)}]),
    io:format("~p~n", [[lists:duplicate(12, x), lists:duplicate(12, y)]]),
    io:format("xxxxxxxxxx~p~n", [lists:duplicate(34, 1)]),
    io:format("xxxxxxxxxx~p~n", [lists:duplicate(36, 1)]),
    ok.

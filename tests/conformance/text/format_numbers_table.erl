-module(format_numbers_table).
-export([main/0]).
main() ->
    Rows = [{"apples", 3, 0.5}, {"bananas", 12, 0.25}, {"cherries", 250, 0.125}, {"dragonfruit", 1, 4.0}],
    io:format("~-12s ~5s ~8s ~10s~n", ["item", "qty", "price", "total"]),
    io:format("~s~n", [lists:duplicate(38, $-)]),
    [io:format("~-12s ~5w ~8.2f ~10.3f~n", [N, Q, P, Q * P]) || {N, Q, P} <- Rows],
    Total = lists:sum([Q * P || {_, Q, P} <- Rows]),
    io:format("~-12s ~5s ~8s ~10.3f~n", ["TOTAL", "", "", Total]),
    io:format("~12.4.0f|~-12.4.xf|~n", [3.14159, 2.71828]),
    io:format("~3.10B|~6.2.0B|~n", [7, 5]),
    ok.

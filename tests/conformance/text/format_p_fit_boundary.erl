-module(format_p_fit_boundary).
-export([main/0]).
%% where exactly does ~p decide that a term no longer fits on the line?
lines(T) -> length(string:split(lists:flatten(io_lib:format("~p", [T])), "\n", all)).
flat(T) -> length(lists:flatten(io_lib:format("~w", [T]))).
main() ->
    A = fun(N) -> list_to_atom(lists:duplicate(N, $a)) end,
    Terms = [lists:duplicate(38, 1), [11 | lists:duplicate(37, 1)], list_to_tuple(lists:duplicate(39, 1)),
             list_to_tuple([11 | lists:duplicate(38, 1)]), {A(74), b}, {A(75), b}, {A(76), b}],
    [io:format("flat ~p -> ~p line(s)~n", [flat(T), lines(T)]) || T <- Terms],
    io:format("~p~n", [{A(76), b}]),
    io:format("abc~p~n", [{A(72), b}]),
    io:format("abc~p~n", [{A(73), b}]),
    io:format("~p~n", [{A(30), A(30), A(30)}]),
    io:format("~p~n", [{tag, A(30), A(30), A(30)}]),
    io:format("~p~n", [[A(30), A(30), A(30)]]),
    ok.

-module(format_io_lib).
-export([main/0]).
main() ->
    S = io_lib:format("~p-~w-~s", [1, two, "three"]),
    io:format("~p~n", [S]),
    io:format("~p~n", [lists:flatten(S)]),
    io:format("~p~n", [iolist_to_binary(io_lib:format("~5.2f", [3.14159]))]),
    io:format("~p~n", [lists:flatten(io_lib:format("~10s|", ["x"]))]),
    io:format("~s~n", [io_lib:write([1, {2}])]),
    io:format("~s~n", [io_lib:write_atom('needs quote')]),
    io:format("~s~n", [io_lib:write_string("q\"s")]),
    io:format("~p~n", [io_lib:char_list("abc")]),
    io:format("~p~n", [io_lib:printable_list("abc")]),
    io:format("~p~n", [io_lib:printable_list([1, 2])]),
    io:format("~p~n", [lists:flatten(io_lib:fwrite("~p", [{a}]))]),
    io:format("~ts~n", [io_lib:format("~ts", [[1024, 1025]])]),
    io:format("~p~n", [lists:flatten(io_lib:format("~c~c", [$o, $k]))]),
    io:format("~p~n", [ec(fun() -> io_lib:format("~d", [1]) end)]),
    io:format("~p~n", [ec(fun() -> io_lib:format("~p ~p", [1]) end)]),
    io:format("~p~n", [ec(fun() -> io_lib:format("~s", [1]) end)]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

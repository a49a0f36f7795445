-module(format_tilde_misc).
-export([main/0]).
main() ->
    io:format("~~ ~~~~ ~n"),
    io:format("100%~n"),
    io:format("a~nb~n"),
    io:format("tab\tsep~n"),
    io:format("~p~p~p~n", [a, b, c]),
    io:format("~s~s~n", ["con", "cat"]),
    io:format("~5.1f%~n", [99.5]),
    io:format("~*c~n", [5, $-]),
    io:format("~-*.*s|~n", [12, 4, "truncate"]),
    io:format(<<"binary format ~p~n">>, [string]),
    io:format(atom_format_string),
    io:format("~n"),
    io:format("~p ~w ~s ~c ~b~n", [x, y, "z", $!, 7]),
    io:format(standard_io, "explicit device~n", []),
    io:fwrite("fwrite ~p~n", [ok]),
    io:put_chars("put_chars\n"),
    io:put_chars(["deep", [" io", "list"], <<"\n">>]),
    io:write({written, term}), io:nl(),
    io:format("~s~n", [[["nested"], " ", [[["iolist"]]]]]),
    ok.

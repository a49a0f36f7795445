-module(coding_second_line).
% vim: set fileencoding=latin-1, and then: coding= latin-1 -*-
-export([main/0]).
main() ->
    io:format("~w~n", ["ÿé"]),
    ok.

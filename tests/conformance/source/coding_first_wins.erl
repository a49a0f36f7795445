%% coding: utf-8
%% coding: latin-1
-module(coding_first_wins).
-export([main/0]).
main() -> io:format("~w ~w~n", ["é", <<"é">>]).

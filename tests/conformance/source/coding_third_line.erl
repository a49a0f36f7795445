-module(coding_third_line).
-export([main/0]).
%% coding: latin-1 (too late: only the first two lines count)
%% Coding: latin-1, coding: latin1, coding:	latin-1: none of these names one either.
main() -> io:format("~w~n", ["é"]).

%% coding: LATIN-1 (the name in any case; the word "coding" in lower case only)
-module(coding_upper_case).
-export([main/0]).
main() -> io:format("~w~n", ["Γι"]).

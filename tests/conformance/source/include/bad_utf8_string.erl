-module(bad_utf8_string).
-export([main/0]).
main() -> io:format("~w~n", ["café"]).

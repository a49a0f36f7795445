-module(directives).
-export([main/0]).
main() ->
    io:format("~w|~p|~s|~c|~b|~.16B|~e|~f~n", [a, "b", "c", $d, 5, 255, 1.0, 2.0]).

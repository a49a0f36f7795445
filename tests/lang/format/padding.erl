-module(padding).
-export([main/0]).
main() ->
    io:format("[~8s][~-8s][~8.3s][~*w][~8.._w]~n", ["ab", "ab", "abcdef", 5, x, y]).

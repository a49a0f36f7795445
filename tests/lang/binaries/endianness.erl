-module(endianness).
-export([main/0]).
main() ->
    io:format("~w ~w~n", [<<258:16/big>>, <<258:16/little>>]),
    <<X:16/little-signed>> = <<255, 255>>,
    io:format("~p~n", [X]).

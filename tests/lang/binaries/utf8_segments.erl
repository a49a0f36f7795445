-module(utf8_segments).
-export([main/0]).
main() ->
    B = <<"aé€"/utf8>>,
    io:format("~w~n", [B]),
    io:format("~p~n", [[C || <<C/utf8>> <= B]]).

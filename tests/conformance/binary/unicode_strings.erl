-module(unicode_strings).
-export([main/0]).
main() ->
    S = "Grüße, 世界! Привет",
    io:format("~ts~n", [S]),
    io:format("~p~n", [length(S)]),
    B = unicode:characters_to_binary(S),
    io:format("~p~n", [byte_size(B)]),
    io:format("~w~n", [binary:part(B, 0, 8)]),
    io:format("~ts~n", [B]),
    io:format("~p~n", [string:length(B)]),
    io:format("~ts~n", [string:uppercase(S)]),
    io:format("~ts~n", [string:reverse(S)]),
    io:format("~ts~n", [lists:reverse(S)]),
    io:format("~p~n", [[C || C <- S, C > 255]]),
    io:format("~tp~n", [string:split(S, ", ")]),
    io:format("~ts~n", [io_lib:format("~ts|~-8ts|~8ts|", ["é", "日本", "ü"])]),
    io:format("~p~n", [unicode:characters_to_list(B) =:= S]),
    io:format("~p~n", [unicode:characters_to_list(<<"abc">>, latin1)]),
    io:format("~p~n", [unicode:characters_to_binary(<<255>>, latin1, utf8)]),
    io:format("~p~n", [unicode:characters_to_list(<<255, 1>>)]),
    ok.

%% -*- coding: utf-8 -*-
-module(coding_utf8).
-export([main/0]).
-include("latin1_header.hrl").

%% Comments in UTF-8: ÀÉÎ €, 日本語.
main() ->
    S = "café €",
    io:format("~w~n", [S]),
    io:format("~w ~w ~w~n", [length(S), $é, $€]),
    io:format("~w~n", [<<"été">>]),
    io:format("~w~n", [<<"été €"/utf8>>]),
    io:format("~w~n", [<<"日本"/utf16>>]),
    io:format("~w~n", ['àbç']),
    io:format("~w~n", [atom_to_list('日本')]),
    io:format("~ts~n", [S]),
    io:format("~p~n", [{S, 'Ñandú', ñandú}]),
    Ärger = ÿ,
    io:format("~w~n", [Ärger]),
    io:format("~w~n", [?LATIN1_TEXT]),
    io:format("~w~n", [latin1_header_fun()]),
    ok.

%% coding: latin-1
%% A Latin-1 file: every byte is one character (é is the byte 0xE9 here).
-module(coding_latin1).
-export([main/0]).
-include("latin1_header.hrl").
-include("utf8_header.hrl").

%% Comments may hold any byte: ÀÉÎÕÜ ÿ.
-record(café, {größe = 1, naïve = "àé"}).

main() ->
    Café = "café",
    io:format("~w~n", [Café]),
    io:format("~w ~w~n", [length(Café), $é]),
    io:format("~w~n", [<<"été">>]),
    io:format("~w~n", [<<"été"/utf8>>]),
    io:format("~w~n", ['àbç']),
    io:format("~w~n", [atom_to_list(élan)]),
    io:format("~ts~n", [Café]),
    io:format("~p~n", [{Café, 'Ñandú', ñandú}]),
    R = #café{},
    io:format("~p~n", [R]),
    io:format("~w~n", [R#café.größe]),
    Ärger = ÿ,
    io:format("~w~n", [Ärger]),
    io:format("~w~n", [?LATIN1_TEXT]),
    io:format("~w~n", [?UTF8_TEXT]),
    io:format("~w~n", [latin1_header_fun()]),
    io:format("~w~n", ["\x{20AC}é\351"]),
    io:format("~w~n", [[C || <<C>> <= <<"¡¿"/utf8>>]]),
    io:format("~w~n", [case "ü" of [252] -> latin1; _ -> other end]),
    ok.

-module(record_nested).
-export([main/0]).
-include("../include/shapes.hrl").
main() ->
    C = #circle{center = #point{x = 1, y = 2}, radius = 5},
    io:format("~p~n", [C]),
    io:format("~p~n", [C#circle.center#point.x]),
    C2 = C#circle{center = (C#circle.center)#point{y = 20}},
    io:format("~p~n", [C2]),
    io:format("~p~n", [?ORIGIN]),
    io:format("~p~n", [?AREA(C)]),
    io:format("~p~n", [#circle{}]),
    #circle{center = #point{x = X}} = C2,
    io:format("~p~n", [X]),
    io:format("~p~n", [record_info(fields, circle)]),
    io:format("~p~n", [[P#point.x || P <- [#point{x = 1}, #point{x = 2}]]]),
    ok.

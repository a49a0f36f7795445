-module(create_access).
-export([main/0]).
-record(pt, {x = 0, y = 0}).
main() ->
    P = #pt{x = 5},
    io:format("~p ~p ~p~n", [P, P#pt.x, P#pt.y]).

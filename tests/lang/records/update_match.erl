-module(update_match).
-export([main/0]).
-record(user, {name, role = guest}).
promote(#user{role = guest} = U) -> U#user{role = member};
promote(U) -> U.
main() ->
    io:format("~p~n", [promote(#user{name = "x"})]),
    io:format("~p~n", [promote(#user{name = "y", role = admin})]).

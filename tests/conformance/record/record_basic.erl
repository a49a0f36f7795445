-module(record_basic).
-export([main/0]).
-record(person, {name, age = 0, email = "none"}).
main() ->
    P = #person{name = "Ann", age = 30},
    io:format("~p~n", [P]),
    io:format("~w~n", [P]),
    io:format("~p ~p ~p~n", [P#person.name, P#person.age, P#person.email]),
    P2 = P#person{age = 31, email = "ann@example.com"},
    io:format("~p~n", [P2]),
    io:format("~p~n", [#person{}]),
    io:format("~p ~p~n", [is_record(P, person), is_record({x}, person)]),
    io:format("~p~n", [tuple_size(P)]),
    io:format("~p~n", [element(1, P)]),
    io:format("~p~n", [#person.age]),
    io:format("~p~n", [record_info(fields, person)]),
    io:format("~p~n", [record_info(size, person)]),
    io:format("~p~n", [P =:= {person, "Ann", 30, "none"}]),
    ok.

-module(format_p_wrap_list).
-export([main/0]).
main() ->
    io:format("~p~n", [lists:seq(1, 30)]),
    io:format("~p~n", [lists:seq(1, 100)]),
    io:format("~p~n", [lists:seq(1000000, 1000040)]),
    io:format("~p~n", [[foo, bar, baz, qux, quux, corge, grault, garply, waldo, fred, plugh, xyzzy, thud]]),
    io:format("~p~n", [[lists:seq(1, 10), lists:seq(11, 25), lists:seq(26, 30)]]),
    io:format("~p~n", [[{I, I * I} || I <- lists:seq(1, 25)]]),
    io:format("~w~n", [lists:seq(1, 40)]),
    ok.

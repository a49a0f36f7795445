-module(format_p_binaries).
-export([main/0]).
main() ->
    io:format("~p~n", [list_to_binary(lists:seq(1, 100))]),
    io:format("~p~n", [list_to_binary(lists:duplicate(120, $z))]),
    io:format("~p~n", [[<<"first binary string">>, <<"second binary string">>, <<"third binary string">>, <<"fourth">>]]),
    io:format("~p~n", [{<<0:200>>, <<"tail">>}]),
    io:format("~p~n", [<<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 5:3>>]),
    io:format("~P~n", [list_to_binary(lists:seq(1, 100)), 10]),
    io:format("~W~n", [list_to_binary(lists:seq(65, 90)), 5]),
    ok.

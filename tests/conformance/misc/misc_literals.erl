-module(misc_literals).
-export([main/0]).
main() ->
    io:format("~p~n", [[2#1111, 8#17, 16#f, 16#F, 36#f, 10#15]]),
    io:format("~p~n", [[1_000, 16#FF_FF, 2#1010_1010, 1_0.0_1]]),
    io:format("~p~n", [[$a, $A, $0, $\s, $\t, $\n, $\\, $', $", $\0, $\^A, $\^Z, $\x7F, $\x{1F600}]]),
    io:format("~p~n", [[1.0e3, 1.5E-2, 0.1e1, 2.0e+2]]),
    io:format("~p~n", ["\x41\x{42}\103\s\d\e"]),
    io:format("~p~n", ['\x41tom']),
    io:format("~p~n", [<<"\x00\xff">>]),
    io:format("~p~n", [-16#10]),
    io:format("~p~n", [16#123456789ABCDEF0123]),
    ok.

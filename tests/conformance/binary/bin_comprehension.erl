-module(bin_comprehension).
-export([main/0]).
main() ->
    io:format("~p~n", [<< <<(X * 2)>> || X <- [1, 2, 3] >>]),
    io:format("~p~n", [<< <<X>> || <<X>> <= <<"hello">>, X =/= $l >>]),
    io:format("~p~n", [[X || <<X:16>> <= <<1, 2, 3, 4, 5>>]]),
    io:format("~p~n", [<< <<(C - 32)>> || <<C>> <= <<"upper">> >>]),
    io:format("~p~n", [[{R, G, B} || <<R, G, B>> <= <<1, 2, 3, 4, 5, 6, 7>>]]),
    io:format("~p~n", [<< <<X:4>> || X <- lists:seq(1, 6) >>]),
    io:format("~p~n", [<< <<B/binary, ",">> || B <- [<<"a">>, <<"bc">>] >>]),
    io:format("~p~n", [<< <<X:8, Y:8>> || X <- [1, 2], Y <- [10, 20] >>]),
    Hex = << <<(hex(N))>> || <<N:4>> <= <<16#DE, 16#AD, 16#BE, 16#EF>> >>,
    io:format("~p~n", [Hex]),
    io:format("~p~n", [[X + Y || <<X, Y>> <= <<1, 2, 3, 4>>]]),
    io:format("~p~n", [<< <<X>> || X <- [], X > 1 >>]),
    ok.
hex(N) when N < 10 -> $0 + N;
hex(N) -> $a + N - 10.

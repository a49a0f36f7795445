-module(comp_binary_gen).
-export([main/0]).
main() ->
    Pixels = <<213, 45, 132, 64, 76, 32, 76, 0, 0, 234, 32, 15>>,
    RGB = [{R, G, B} || <<R:8, G:8, B:8>> <= Pixels],
    io:format("~p~n", [RGB]),
    io:format("~p~n", [<< <<R:8, G:8, B:8>> || {R, G, B} <- RGB >> =:= Pixels]),
    io:format("~p~n", [[X || <<X:4>> <= <<16#1234:16>>]]),
    io:format("~p~n", [<< <<(X bxor 16#FF)>> || <<X>> <= <<0, 1, 254, 255>> >>]),
    io:format("~p~n", [<< <<X/utf8>> || X <- [955, 8364, $a] >>]),
    io:format("~p~n", [[C || <<C/utf8>> <= <<"λ€a"/utf8>>]]),
    io:format("~p~n", [<< <<B/binary>> || B <- [<<"a">>, <<"bc">>, <<>>, <<"def">>] >>]),
    io:format("~p~n", [[X || <<X:8>> <= <<1, 2, 3>>, X > 1]]),
    io:format("~p~n", [<< <<X:3>> || <<X:3>> <= <<255, 255>> >>]),
    io:format("~p~n", [[{X, Y} || <<X>> <= <<1, 2>>, Y <- [a, b]]]),
    ok.

-module(bin_print).
-export([main/0]).
main() ->
    Bs = [<<>>, <<"abc">>, <<1, 2, 3>>, <<"abc", 0>>, <<"tab\t">>, <<"nl\n">>, <<200, 201>>,
          <<"quote\"">>, <<"é"/utf8>>, <<"ab", 1:2>>, <<255:8, 1:1>>, <<"a\\b">>, <<127>>,
          <<"éa">>, <<"\e">>],
    [io:format("~p | ~w | ~tp~n", [B, B, B]) || B <- Bs],
    io:format("~s|~n", [<<"as string">>]),
    io:format("~p~n", [[<<"a">>, <<"b">>]]),
    io:format("~p~n", [{<<1>>, <<"x">>}]),
    io:format("~p~n", [list_to_binary(lists:seq(0, 40))]),
    io:format("~p~n", [list_to_binary(lists:seq($a, $z))]),
    ok.

-module(binary_comprehension).
-export([main/0]).
main() ->
    io:format("~p~n", [<< <<(X + 1)>> || <<X>> <= <<"HAL">> >>]),
    io:format("~p~n", [[X || <<X:4>> <= <<16#AB>>]]).

-module(try_in_comprehension).
-export([main/0]).
parse(S) -> try list_to_integer(S) catch error:badarg -> {bad, S} end.
main() ->
    io:format("~p~n", [[parse(S) || S <- ["1", "x", "22", "", "-3"]]]),
    io:format("~p~n", [[try 10 div X catch error:badarith -> inf end || X <- [1, 0, 3]]]),
    R = lists:map(fun(X) -> catch (if X > 1 -> throw({big, X}); true -> X end) end, [1, 2, 3]),
    io:format("~p~n", [R]),
    ok.

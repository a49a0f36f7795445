-module(format_p_column).
-export([main/0]).
main() ->
    T = [{key_number_one, "value one"}, {key_number_two, "value two"}, {key_number_three, 3}],
    io:format("~p~n", [T]),
    io:format("prefix: ~p~n", [T]),
    io:format("a much longer prefix text here: ~p~n", [T]),
    io:format("~s ~p~n", ["via ~s", T]),
    io:format("two: ~p ~p~n", [T, T]),
    io:format("~p~n~p~n", [lists:seq(1, 25), T]),
    io:format("~p", [lists:seq(1, 30)]),
    io:format(" <- after~n"),
    io:format("~40p~n", [T]),
    io:format("~20p~n", [lists:seq(1, 15)]),
    io:format("~100p~n", [T]),
    ok.

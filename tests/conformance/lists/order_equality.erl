-module(order_equality).
-export([main/0]).
main() ->
    Pairs = [{1, 1.0}, {0, -0.0}, {0, 0.0}, {0.0, -0.0}, {[1], [1.0]}, {{1}, {1.0}}, {#{a => 1}, #{a => 1.0}},
             {<<1>>, <<1>>}, {"a", <<"a">>}, {a, "a"}, {1 bsl 70, float(1 bsl 70)}, {[], ""}],
    [io:format("~w: == ~p  =:= ~p  /= ~p  =/= ~p~n", [P, A == B, A =:= B, A /= B, A =/= B]) || {A, B} = P <- Pairs],
    io:format("~p ~p~n", [1 =< 1.0, 1.0 >= 1]),
    io:format("~p ~p~n", [2 > 1.9999999, 1 < 1.0000000001]),
    io:format("~p~n", [lists:sort([1.0, 1, 1.0, 1])]),
    io:format("~p~n", [lists:sort([{1, b}, {1.0, a}])]),
    ok.

-module(case_scoping).
-export([main/0]).
main() ->
    V = case 3 of
            1 -> Y = one, Y;
            3 -> Y = three, Y
        end,
    io:format("~p ~p~n", [V, Y]),
    Z = begin A = 1, B = 2, A + B end,
    io:format("~p ~p ~p~n", [Z, A, B]),
    Res = case {ok, 5} of {ok, N} when N > 3 -> N * 2; {ok, N} -> N; _ -> 0 end,
    io:format("~p~n", [Res]),
    Nested = case a of
                 a -> case b of b -> inner_b; _ -> inner_other end;
                 _ -> outer
             end,
    io:format("~p~n", [Nested]),
    W = if true -> Q = 9, Q * 2 end,
    io:format("~p ~p~n", [W, Q]),
    ok.

-module(fun_in_data).
-export([main/0]).
main() ->
    Ops = #{add => fun(A, B) -> A + B end, mul => fun(A, B) -> A * B end,
            pow => fun(A, B) -> round(math:pow(A, B)) end},
    [io:format("~p: ~p~n", [K, (maps:get(K, Ops))(3, 4)]) || K <- lists:sort(maps:keys(Ops))],
    Stack = [fun(X) -> X + 1 end, fun(X) -> X * 10 end],
    io:format("~p~n", [lists:foldl(fun(F, Acc) -> F(Acc) end, 1, Stack)]),
    T = {fun erlang:length/1, fun lists:sum/1},
    io:format("~p ~p~n", [(element(1, T))([a, b]), (element(2, T))([1, 2, 3])]),
    Dispatch = fun(Op) -> case Op of
                              neg -> fun(X) -> -X end;
                              sq -> fun(X) -> X * X end
                          end end,
    io:format("~p ~p~n", [(Dispatch(neg))(5), (Dispatch(sq))(5)]),
    ok.

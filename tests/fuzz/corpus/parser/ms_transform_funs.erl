-module(m).
-compile({parse_transform, ms_transform}).
-record(r, {a, b = 2, c}).
f(X) ->
    [ets:fun2ms(fun({A, B} = O) when A > X, is_integer(B); A =:= '$1' -> {O, [A | B], #r{a = A}} end),
     ets:fun2ms(fun(#r{a = A, _ = x}) -> A#r.b end),
     dbg:fun2ms(fun([A, <<"k">> | T]) -> message(A), return_trace() end),
     ets:fun2ms(fun({A}) -> case A of _ -> 1 end end)].

-module(fun2ms_select).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(emp, {id, name, dept, salary = 0}).

%% Match specifications from ets:fun2ms/1 run by select/2,3, select_count,
%% select_delete, select_reverse, and by match_spec_run/2 (with
%% match_spec_compile/1) on any terms.
main() ->
    T = ets:new(t, [set, {keypos, #emp.id}]),
    ets:insert(T, [#emp{id = 1, name = "ann", dept = dev, salary = 100},
                   #emp{id = 2, name = "bob", dept = ops, salary = 80},
                   #emp{id = 3, name = "cid", dept = dev, salary = 120},
                   #emp{id = 4, name = "dee", dept = hr, salary = 90}]),
    Sorted = fun(L) -> lists:sort(L) end,
    io:format("~p~n", [Sorted(ets:select(T, ets:fun2ms(fun(#emp{name = N, dept = dev}) -> N end)))]),
    Min = 95,
    io:format("~p~n", [Sorted(ets:select(T, ets:fun2ms(fun(#emp{name = N, salary = S}) when S > Min -> {N, S} end)))]),
    io:format("~p~n", [Sorted(ets:select(T, ets:fun2ms(fun(E = #emp{dept = D}) when D =/= dev -> E end)))]),
    io:format("~p~n", [Sorted(ets:select(T, ets:fun2ms(fun(#emp{id = I, salary = S}) when I rem 2 =:= 0 -> S * 2 end)))]),
    io:format("~p~n", [Sorted(ets:select(T, ets:fun2ms(fun(#emp{id = I, dept = hr}) -> object();
                                                          (#emp{id = I, dept = ops}) -> [I, ops] end)))]),
    io:format("~p~n", [ets:select_count(T, ets:fun2ms(fun(#emp{salary = S}) -> S >= 90 end))]),
    io:format("~p~n", [ets:select_count(T, ets:fun2ms(fun(#emp{dept = D}) when D =:= dev; D =:= hr -> true end))]),
    {Chunk, _Cont} = ets:select(T, ets:fun2ms(fun(#emp{id = I}) when I > 0 -> I end), 10),
    io:format("~p~n", [Sorted(Chunk)]),
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{K, K * K} || K <- lists:seq(1, 6)]),
    io:format("~p~n", [ets:select_reverse(O, ets:fun2ms(fun({K, V}) when V > 9 -> {V, K} end))]),
    io:format("~p~n", [ets:select(O, ets:fun2ms(fun({K, _}) when K < 3 -> bindings() end))]),
    io:format("~p~n", [ets:select_delete(O, ets:fun2ms(fun({K, V}) -> V > 10 end))]),
    io:format("~p~n", [ets:tab2list(O)]),
    io:format("~p~n", [ets:select(O, ets:fun2ms(fun({K, V}) -> {const_check, {K}, [V], "s", <<"b">>} end))]),
    C = ets:match_spec_compile(ets:fun2ms(fun({K, V}) when V > 1 -> {V, K} end)),
    io:format("~p~n", [{ets:is_compiled_ms(C), ets:is_compiled_ms(x)}]),
    io:format("~p~n", [ets:match_spec_run([{a, 1}, {b, 2}, {c, 3}, x, {d}], C)]),
    D = ets:match_spec_compile(dbg:fun2ms(fun([A, B]) when A > B -> {A, B}; (X) -> X end)),
    io:format("~p~n", [ets:match_spec_run([[2, 1], [1, 2], [], "ab", [3]], D)]),
    E = ets:match_spec_compile([{'$1', [{is_integer, '$1'}], [{'+', '$1', 1}]}, {'_', [], ['$_']}]),
    io:format("~p~n", [ets:match_spec_run([1, [2], "x", {y}, 3.5], E)]),
    io:format("~p~n", [catch element(1, element(2, catch ets:match_spec_compile(bad)))]),
    io:format("~p~n", [catch element(1, element(2, catch ets:match_spec_run([{a, 1}], bad)))]),
    io:format("~p~n", [catch element(1, element(2, catch ets:match_spec_run(bad, C)))]),
    ok.

-module(proc_receive_patterns).
-export([main/0]).

classify() ->
    receive
        {int, N} when is_integer(N), N > 100 -> {big_int, N};
        {int, N} when is_integer(N) -> {int, N};
        {float, F} when is_float(F) -> {float, F};
        [H | _] -> {list_head, H};
        #{key := V} -> {map_key, V};
        <<A:8, Rest/binary>> -> {bin, A, Rest};
        {T, T} -> {pair_same, T};
        {_, _} = Pair -> {pair, Pair};
        X when is_atom(X); is_tuple(X) -> {atom_or_tuple, X};
        Other -> {other, Other}
    after 0 -> empty
    end.

main() ->
    Msgs = [{int, 5}, {int, 500}, {float, 1.5}, [a, b], #{key => val, other => 1},
            <<1, 2, 3>>, {same, same}, {x, y}, an_atom, {1, 2, 3}, "", 3.0, make_ref_marker],
    [self() ! M || M <- Msgs],
    Results = [classify() || _ <- Msgs],
    [io:format("~p~n", [R]) || R <- Results],
    io:format("after all: ~p~n", [classify()]),
    %% bound variables in patterns
    Key = 42,
    self() ! {other, 1},
    self() ! {Key, found},
    Got = receive {Key, V} -> V after 0 -> timeout end,
    io:format("bound key match: ~p~n", [Got]),
    receive {other, 1} -> io:format("other still there~n") after 0 -> io:format("other lost~n") end,
    %% a bound variable that does not match leaves the message
    Ref = make_ref(),
    self() ! {make_ref(), wrong},
    self() ! {Ref, right},
    receive {Ref, W} -> io:format("ref match: ~p~n", [W]) end,
    receive {R2, wrong} when is_reference(R2) -> io:format("wrong-ref message kept~n") after 0 -> ok end,
    %% the receive expression value
    self() ! 7,
    Val = receive N when N > 5 -> N * 2 end,
    io:format("receive value: ~p~n", [Val]),
    %% bindings made in a receive clause are visible after it
    self() ! {pt, 3, 4},
    receive {pt, PX, PY} -> ok end,
    io:format("bindings after receive: ~p~n", [PX * PX + PY * PY]),
    %% guards that would raise are just false
    self() ! {g, a},
    self() ! {g, 10},
    R3 = receive {g, Z} when Z + 1 > 5 -> {num, Z} end,
    io:format("guard skipping bad arith: ~p~n", [R3]),
    R4 = receive {g, Z2} -> {left, Z2} after 0 -> none end,
    io:format("remaining: ~p~n", [R4]),
    %% matching nested structures and strings
    self() ! {req, "GET", [{path, "/index"}, {q, <<"x=1">>}]},
    receive
        {req, "GET" = Method, [{path, "/" ++ Path} | _] = Props} ->
            io:format("~s ~s ~p~n", [Method, Path, proplists:get_value(q, Props)])
    end,
    %% receive with multiple guards separated by ;
    [self() ! M5 || M5 <- [1, b, "c", 2.0]],
    Drain = fun D(Acc) ->
                receive
                    M6 when is_integer(M6); is_float(M6) -> D([{num, M6} | Acc]);
                    M6 when is_atom(M6) -> D([{atom, M6} | Acc]);
                    M6 -> D([{other, M6} | Acc])
                after 0 -> lists:reverse(Acc)
                end
            end,
    io:format("~p~n", [Drain([])]),
    ok.

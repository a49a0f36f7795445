-module(ets_terms).
-export([main/0]).

%% Every kind of term survives a round trip through a table: big and small
%% binaries (reference-counted ones shared), sub-binaries, bignums, floats,
%% maps (flat and large), funs, pids, refs, deep lists, nested tuples;
%% objects live on after the process that inserted them is gone.
main() ->
    T = ets:new(terms, [public]),
    Big = list_to_binary(lists:duplicate(1000, $x)),
    <<_:10/binary, Sub:100/binary, _/binary>> = Big,
    LargeMap = maps:from_list([{I, I * I} || I <- lists:seq(1, 100)]),
    Ref = make_ref(),
    F = fun(X) -> X + 1 end,
    Objs = [{bin, <<"small">>}, {big, Big}, {sub, Sub}, {bits, <<1:3>>},
            {bignum, 1 bsl 100, -(1 bsl 80)}, {float, 3.25, -0.5},
            {map, #{a => 1, "b" => [2]}}, {large_map, LargeMap},
            {fun_, F}, {export, fun lists:sum/1}, {pid, self()}, {ref, Ref},
            {deep, lists:seq(1, 1000)}, {nested, {{{{{1}}}}, [[[]]]}},
            {improper, [1, 2 | 3]}, {empty, {}, [], <<>>}],
    ets:insert(T, Objs),
    [io:format("~p ~p~n", [K, ets:lookup(T, K) == [O]]) || O <- Objs, K <- [element(1, O)]],
    [{fun_, G}] = ets:lookup(T, fun_),
    io:format("fun call ~p~n", [G(41)]),
    io:format("sub ~p~n", [byte_size(element(2, hd(ets:lookup(T, sub))))]),
    io:format("large map ~p~n", [maps:get(50, element(2, hd(ets:lookup(T, large_map))))]),
    %% inserted by a process that then dies; its binaries stay valid
    Self = self(),
    spawn(fun() ->
              B = list_to_binary([integer_to_list(I) || I <- lists:seq(1, 500)]),
              ets:insert(T, {from_dead, B, erlang:phash2(B)}),
              Self ! done
          end),
    receive done -> ok end,
    erlang:garbage_collect(),
    timer:sleep(10),
    [{from_dead, B2, Md5}] = ets:lookup(T, from_dead),
    io:format("from dead ~p ~p~n", [byte_size(B2), erlang:phash2(B2) == Md5]),
    %% the same big binary stored many times
    [ets:insert(T, {{copy, I}, Big}) || I <- lists:seq(1, 100)],
    io:format("copies ~p~n", [lists:all(fun({_, B}) -> B == Big end, ets:match_object(T, {{copy, '_'}, '_'}))]),
    ets:delete(T),
    io:format("big after delete ~p~n", [byte_size(Big)]),
    ok.

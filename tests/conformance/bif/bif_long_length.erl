%% erlang:length/1 on long lists, where the BIF works in slices and may
%% yield to the scheduler midway: the count must be exact around slice-sized
%% boundaries (39,999 / 40,000 / 40,001) and at 1,000,000; length/1 in guards
%% (plain, inside `,`/`;` guard sequences and orelse) must give the same
%% answers and simply fail the clause on an improper list; in a body an
%% improper list (short, or with the bad tail after 200,000 / 1,000,000
%% cells) raises error:badarg whose top frame is {erlang,length,[OrigList]}
%% (the original argument, not a resumption state) and whose next frame is
%% the calling function; and values live across the call survive it.
-module(bif_long_length).
-export([main/0]).

main() ->
    Sizes = [0, 1, 39999, 40000, 40001, 1000000],
    lists:foreach(
      fun(N) ->
              L = lists:seq(1, N),
              io:format("~p: ~p ~p ~p ~p~n",
                        [N, length(L), classify(L), seq_guard(L), orelse_guard(L)])
      end, Sizes),
    %% a string and a list of boxed terms
    io:format("~p~n", [length(lists:duplicate(100000, $x))]),
    io:format("~p~n", [length([{I, <<I:16>>, 1 bsl 70} || I <- lists:seq(1, 50000)])]),
    %% improper lists in guards: every length/1 guard fails
    Short = [1, 2, 3 | four],
    Long = lists:seq(1, 200000) ++ tail,
    Longer = lists:seq(1, 1000000) ++ <<"bin tail">>,
    [io:format("guard ~p: ~p ~p ~p~n", [Tag, classify(X), seq_guard(X), orelse_guard(X)])
     || {Tag, X} <- [{short, Short}, {long, Long}, {longer, Longer}, {atom, foo}]],
    %% improper lists in a body: badarg with the original list in the frame
    io:format("~p~n", [len_catch(Short)]),
    io:format("~p~n", [len_catch(Long)]),
    io:format("~p~n", [len_catch(Longer)]),
    io:format("~p~n", [len_catch(foo)]),
    io:format("~p~n", [len_catch(<<1, 2, 3>>)]),
    io:format("~p~n", [len_catch({a, b})]),
    %% old-style catch
    {'EXIT', {badarg, [{erlang, length, [A1 | _], _} | _]}} = (catch length(Long)),
    io:format("catch: ~p~n", [A1 =:= Long]),
    %% values computed before the call are used after it
    io:format("~w~n", [live(40001)]),
    io:format("~w~n", [live(1000000)]),
    io:format("~p~n", [live_many(lists:seq(1, 300000))]),
    %% many long lengths in a row
    Lists = [lists:seq(1, 10000 + K) || K <- lists:seq(1, 50)],
    io:format("~p~n", [lists:sum([length(X) || X <- Lists])]),
    io:format("~p~n", [sum_len(lists:seq(1, 250000), 8, 0)]),
    ok.

classify(L) when length(L) > 40000 -> big;
classify(L) when length(L) > 5 -> medium;
classify(L) when length(L) =:= 0 -> empty;
classify(L) when is_list(L) -> small_or_improper;
classify(_) -> not_a_list.

seq_guard(L) when is_list(L), length(L) >= 40000, hd(L) =:= 1 -> at_least_40000;
seq_guard(L) when length(L) < 40000; L =:= foo -> under_40000_or_foo;
seq_guard(_) -> other.

orelse_guard(L) when length(L) =:= 40001 orelse length(L) =:= 1 -> odd_match;
orelse_guard(L) when not (length(L) > 1) -> tiny;
orelse_guard(_) -> no.

len_catch(L) ->
    try length(L) of
        N -> {ok, N}
    catch
        Class:Reason:Stack ->
            {Class, Reason, frames(Stack, L)}
    end.

%% the BIF's frame (argument count, and whether the argument is the original
%% input) and the caller's {M,F,Arity}
frames([{M, F, Args, _}, {CM, CF, CA, _} | _], Orig) ->
    {{M, F, summarize(Args, Orig)}, {CM, CF, CA}}.

summarize(Args, Orig) when is_list(Args) -> {length(Args), hd(Args) =:= Orig};
summarize(Arity, _) -> Arity.

live(N) ->
    L = lists:seq(1, N),
    X = N * 3,
    Y = [N, {N}],
    Z = <<N:32>>,
    F = N / 2,
    Big = (1 bsl 100) + N,
    Len = length(L),
    {Len, X, Y, Z, F, Big, hd(L), lists:last(L), Len =:= N}.

live_many(L) ->
    A = length(L),
    T = {A, L},
    B = length(tl(L)),
    C = length(element(2, T)) + A,
    {A, B, C, hd(L), length(L) - B}.

sum_len(_, 0, Acc) -> Acc;
sum_len(L, K, Acc) -> sum_len(L, K - 1, Acc + length(L)).

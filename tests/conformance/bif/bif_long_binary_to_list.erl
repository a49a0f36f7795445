%% binary_to_list/1,3 (and bitstring_to_list/1) on binaries of 0, 1,
%% 100,000 and 3,000,000 bytes, which the BIF converts in slices and may
%% yield midway: the list must be exact (length, sum, first/last elements,
%% hash, and list_to_binary round trip), also for sub-binaries at a byte
%% offset and unaligned ones (bit offset 3); binary_to_list/3 over ranges
%% near both ends; and bad ranges, non-binaries and bitstrings raise
%% error:badarg with the original arguments in the top frame.
-module(bif_long_binary_to_list).
-export([main/0]).

main() ->
    Pat = list_to_binary(lists:seq(0, 255)),
    Big = binary:part(binary:copy(Pat, 11719), 0, 3000000),
    Mid = binary:part(Big, 0, 100000),
    Bins = [{empty, <<>>}, {one, <<200>>}, {k100, Mid}, {m3, Big},
            {sub, binary:part(Big, 7, 1000000)},
            {unaligned, unaligned(Big, 800000)}],
    [io:format("~p: ~w~n", [Tag, summary(B, binary_to_list(B))]) || {Tag, B} <- Bins],
    %% binary_to_list/3
    Ranges = [{1, 3000000}, {1, 1}, {3000000, 3000000}, {1000000, 2999999},
              {2999000, 3000000}, {40000, 80001}, {257, 512}],
    [io:format("~p..~p: ~w~n", [S, E, summary(binary:part(Big, S - 1, E - S + 1),
                                             binary_to_list(Big, S, E))])
     || {S, E} <- Ranges],
    U = unaligned(Big, 800000),
    io:format("unaligned/3: ~w~n", [summary(binary:part(U, 99, 700000),
                                          binary_to_list(U, 100, 700099))]),
    io:format("~w~n", [binary_to_list(Mid, 99998, 100000)]),
    %% bitstring_to_list keeps the trailing bits
    Bits = <<Big/binary, 5:3>>,
    BL = bitstring_to_list(Bits),
    io:format("bits: ~w ~w ~w~n", [length(BL), lists:last(BL), lists:nth(3000000, BL)]),
    %% errors
    Bad = [{Big, 0, 5}, {Big, 1, 3000001}, {Big, 3000001, 3000001}, {Big, 10, 9},
           {Big, -1, 10}, {Big, a, 10}, {Big, 1, 1.0}, {<<>>, 1, 1}, {<<>>, 1, 0},
           {Bits, 1, 10}, {Bits, 2999999, 3000000}, {Bits, 3000000, 3000001}],
    [io:format("~w ~w ~w: ~w~n", [bit_size(B) rem 8 > 0, S, E, b2l3_catch(B, S, E)])
     || {B, S, E} <- Bad, is_bitstring(B)],
    io:format("foo 1 1: ~w~n", [b2l3_catch(foo, 1, 1)]),
    [io:format("~w~n", [b2l_catch(X)]) || X <- [Bits, <<1:1>>, foo, "list", 42]],
    ok.

%% a 3-bit-offset sub-binary of N whole bytes
unaligned(Big, N) ->
    <<_:3, R:N/binary, _/bits>> = Big,
    R.

summary(B, L) ->
    {length(L), lists:sum(L), first(L), last(L), erlang:phash2(L),
     list_to_binary(L) =:= B}.

first([]) -> none;
first([H | _]) -> H.

last([]) -> none;
last(L) -> lists:last(L).

b2l_catch(B) ->
    try binary_to_list(B) of
        L -> {ok, length(L)}
    catch
        Class:Reason:Stack -> {Class, Reason, frames(Stack, [B])}
    end.

b2l3_catch(B, S, E) ->
    try binary_to_list(B, S, E) of
        L -> {ok, length(L)}
    catch
        Class:Reason:Stack -> {Class, Reason, frames(Stack, [B, S, E])}
    end.

%% the BIF's frame (arity, and whether the arguments are the original ones)
%% and the caller's {M,F,Arity}
frames([{M, F, Args, _}, {CM, CF, CA, _} | _], Orig) when is_list(Args) ->
    {{M, F, length(Args), Args =:= Orig}, {CM, CF, CA}};
frames([{M, F, Arity, _}, {CM, CF, CA, _} | _], _) ->
    {{M, F, Arity}, {CM, CF, CA}}.

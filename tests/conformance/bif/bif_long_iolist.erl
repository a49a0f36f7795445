%% list_to_binary/1, iolist_to_binary/1 and iolist_size/1 on large iolists,
%% which the BIFs walk in slices and may yield midway: a flat 1,000,000-byte
%% list, right-nested ([1,[2,[3,...]]]) and left-nested ([[[[],1],2],3]...)
%% lists 100,000 deep, [[[...]]] 100,000 deep around a binary, mixes of
%% bytes, binaries, sub-binaries and unaligned sub-binaries, and binary
%% tails ([1,2|<<3>>]).  Results are checked by size and hash, and
%% iolist_size/1 must agree.  Bad elements (256, -1, atoms, bitstrings,
%% non-binary tails), also at the very end of a 1,000,000-element list or at
%% the bottom of a 100,000-deep nesting, raise error:badarg from the BIF
%% that was called, with the original argument in the top frame.
-module(bif_long_iolist).
-export([main/0]).

main() ->
    Flat = [I band 255 || I <- lists:seq(1, 1000000)],
    Right = lists:foldl(fun(I, Acc) -> [I band 255 | [Acc]] end, [], lists:seq(1, 100000)),
    Left = lists:foldl(fun(I, Acc) -> [Acc, I band 255] end, [], lists:seq(1, 100000)),
    Deep = nest(100000, [<<"core">>]),
    DeepEmpty = nest(100000, []),
    Big = binary:copy(<<"0123456789abcdef">>, 200000),
    Sub = binary:part(Big, 5, 1000000),
    <<_:3, Unaligned:500000/binary, _/bits>> = Big,
    Mix = [[<<"head">>, 0, Sub] || _ <- lists:seq(1, 3)]
        ++ [Unaligned, [[[255]]], <<>>, [] | Big],
    Tailed = Flat ++ <<"bin tail">>,
    Chunks = [binary:part(Big, I * 3, 3) || I <- lists:seq(0, 99999)],
    Inputs = [{empty, []}, {small_tail, [1, 2 | <<3>>]}, {flat, Flat}, {right, Right},
              {left, Left}, {deep, Deep}, {deep_empty, DeepEmpty}, {mix, Mix},
              {tailed, Tailed}, {chunks, Chunks}, {strings, lists:duplicate(20000, "hello")}],
    lists:foreach(
      fun({Tag, IoL}) ->
              B1 = list_to_binary(IoL),
              B2 = iolist_to_binary(IoL),
              Size = iolist_size(IoL),
              io:format("~p: ~p ~p ~p ~p~n",
                        [Tag, byte_size(B1), Size, erlang:phash2(B1), B1 =:= B2])
      end, Inputs),
    %% a binary is its own iolist (iolist_*), but not a list (list_to_binary)
    io:format("~p ~p ~p~n", [iolist_to_binary(Big) =:= Big, iolist_size(Big),
                             iolist_to_binary(Unaligned) =:= Unaligned]),
    io:format("~w~n", [catch_all(Big)]),
    io:format("~p~n", [binary:part(iolist_to_binary(Left), 99990, 10)]),
    io:format("~p~n", [binary:part(iolist_to_binary(Right), 0, 10)]),
    %% errors
    Bad = [{byte_256, [256]}, {byte_neg, [1, -1]}, {atom, [1, a, 2]},
           {bits, [<<1:3>>]}, {float, [1.0]}, {tail_int, [1, 2 | 3]},
           {tail_atom, [1, 2 | foo]}, {tail_bits, [1 | <<1:7>>]},
           {end_256, Flat ++ [256]}, {end_atom, Flat ++ [<<"ok">>, x]},
           {end_tail, Flat ++ foo}, {end_bits, Flat ++ [<<7:3>>]},
           {deep_bad, nest(100000, [1, 2, 300])}, {left_bad, [Left, -5]},
           {mix_bad, [Mix, {}]}, {mix_tail_bad, [Mix | foo]}, {atom_arg, foo}, {int_arg, 7}, {bits_arg, <<1:9>>}],
    [io:format("~p: ~w~n", [Tag, catch_all(X)]) || {Tag, X} <- Bad],
    ok.

nest(0, Inner) -> Inner;
nest(N, Inner) -> nest(N - 1, [Inner]).

catch_all(X) ->
    [l2b(X), i2b(X), isz(X)].

l2b(X) ->
    try list_to_binary(X) of
        B -> {ok, byte_size(B)}
    catch
        Class:Reason:Stack -> {Class, Reason, frames(Stack, X)}
    end.

i2b(X) ->
    try iolist_to_binary(X) of
        B -> {ok, byte_size(B)}
    catch
        Class:Reason:Stack -> {Class, Reason, frames(Stack, X)}
    end.

isz(X) ->
    try iolist_size(X) of
        N -> {ok, N}
    catch
        Class:Reason:Stack -> {Class, Reason, frames(Stack, X)}
    end.

%% the BIF's {M,F} with its argument count and whether the argument is the
%% original one, then the caller's function name
frames([{M, F, Args, _}, {_, CF, _, _} | _], Orig) when is_list(Args) ->
    {M, F, length(Args), hd(Args) =:= Orig, CF};
frames([{M, F, Arity, _}, {_, CF, _, _} | _], _) ->
    {M, F, Arity, CF}.

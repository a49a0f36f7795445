%% binary_to_term/1,2 on big encodings, which the BIF decodes in slices and
%% may yield midway: 1,000,000-element lists, 200,000 tuples, a tuple nested
%% 100,000 deep, a 100,000-key map, a 2 MB binary, bignums, floats (also in
%% the minor_version 0 text form), compressed forms, and an encoding read
%% from a byte-offset and a bit-offset sub-binary; with [safe] and [used].
%% Corrupt input must raise error:badarg: truncation at several points, an
%% invalid tag byte deep inside, a wrong arity or length field, a wrong
%% uncompressed size, an atom that does not exist under [safe] (which exists
%% after a plain decode).  Trailing bytes are ignored, and [used] reports how
%% many bytes the term took.
-module(bif_long_binary_to_term).
-export([main/0]).

main() ->
    Big = binary:copy(<<"0123456789abcdef">>, 131072),
    Bytes = [I band 255 || I <- lists:seq(1, 1000000)],
    Terms = [{ints, lists:seq(1, 1000000)},
             {bytes, Bytes},
             {tuples, [{I, <<"x">>, [I]} || I <- lists:seq(1, 200000)]},
             {deep, nest(100000, leaf)},
             {map, maps:from_list([{I, [I]} || I <- lists:seq(1, 100000)])},
             {binary, Big},
             {bignums, [(1 bsl 64) * I - I || I <- lists:seq(1, 30000)] ++ [1 bsl 500000]},
             {floats, [I / 3 || I <- lists:seq(1, 100000)]}],
    Encs = [{Tag, T, term_to_binary(T)} || {Tag, T} <- Terms],
    lists:foreach(
      fun({Tag, T, E}) ->
              Used = byte_size(E),
              %% (compressing the 1,000,000 integers is slow in OTP; bytes covers it)
              Compressed = case Tag of
                               ints -> skipped;
                               _ ->
                                   C = term_to_binary(T, [compressed]),
                                   {binary_to_term(C) =:= T,
                                    binary_to_term(<<C/binary, "x">>, [used]) =:= {T, byte_size(C)}}
                           end,
              io:format("~p: ~p ~p ~p ~p ~p~n",
                        [Tag, binary_to_term(E) =:= T,
                         binary_to_term(E, [safe]) =:= T,
                         binary_to_term(<<E/binary, "garbage">>, [used]) =:= {T, Used},
                         binary_to_term(<<E/binary, 0, 1, 2>>) =:= T,
                         Compressed])
      end, Encs),
    {_, Ints, IntsE} = hd(Encs),
    {_, _, BytesE} = lists:keyfind(bytes, 1, Encs),
    {_, Deep, DeepE} = lists:keyfind(deep, 1, Encs),
    Floats = [I / 3 || I <- lists:seq(1, 100000)],
    io:format("floats v0: ~p~n",
              [binary_to_term(term_to_binary(Floats, [{minor_version, 0}])) =:= Floats]),
    %% decoding from sub-binaries of a larger binary
    Wrapped = <<"pre", IntsE/binary, "post">>,
    io:format("sub: ~p~n", [binary_to_term(binary:part(Wrapped, 3, byte_size(IntsE))) =:= Ints]),
    <<_:5, Unaligned:(byte_size(IntsE))/binary, _/bits>> = <<0:5, IntsE/binary, 0:3>>,
    io:format("unaligned: ~p~n", [binary_to_term(Unaligned) =:= Ints]),
    %% truncations
    [io:format("truncate ~p ~p: ~w~n", [Tag, Cut, b2t_catch(binary:part(E, 0, byte_size(E) - Cut), [])])
     || {Tag, _, E} <- Encs, Cut <- [1, byte_size(E) div 2, byte_size(E) - 3]],
    CInts = term_to_binary(Bytes, [compressed]),
    io:format("truncate compressed: ~w~n", [b2t_catch(binary:part(CInts, 0, byte_size(CInts) - 10), [])]),
    %% a bad tag deep inside: the bytes list is LIST_EXT of 2-byte SMALL_INTEGER_EXTs
    [io:format("bad tag at ~p: ~w~n", [K, b2t_catch(set_byte(BytesE, 6 + 2 * K, 200), [])])
     || K <- [0, 39999, 40000, 500000, 999999]],
    %% ... changed to ATOM_EXT / an invalid atom length
    io:format("~w~n", [b2t_catch(set_byte(BytesE, 6 + 2 * 999999, 100), [])]),
    %% nil tail replaced by a byte that is not a tag
    io:format("bad tail: ~w~n", [b2t_catch(set_byte(BytesE, byte_size(BytesE) - 1, 0), [])]),
    %% list length one too big, one too small (the rest is then trailing)
    io:format("len+1: ~w~n", [b2t_catch(set_len(BytesE, 1000001), [])]),
    {Short, UsedShort} = binary_to_term(set_len(BytesE, 999999), [used]),
    io:format("len-1: ~p ~p ~p~n", [length(element(1, lists:split(999999, Short))),
                                    byte_size(BytesE) - UsedShort, catch_len(Short)]),
    %% deep tuple: leaf replaced by a bad tag, an inner arity made 2 or 0
    io:format("deep bad leaf: ~w~n", [b2t_catch(set_byte(DeepE, byte_size(DeepE) - 6, 255), [])]),
    io:format("deep arity 2: ~w~n", [b2t_catch(set_byte(DeepE, 1 + 2 * 70000 + 1, 2), [])]),
    {Cut0, Used0} = binary_to_term(set_byte(DeepE, 1 + 2 * 70000 + 1, 0), [used]),
    io:format("deep arity 0: ~p ~p ~p~n", [depth(Cut0, 0), Used0, Cut0 =:= nest(70000, {})]),
    io:format("deep ok: ~p~n", [depth(binary_to_term(DeepE), 0) =:= depth(Deep, 0)]),
    %% compressed with a wrong uncompressed size
    <<131, 80, USize:32, Z/binary>> = CInts,
    io:format("usize+1: ~w~n", [b2t_catch(<<131, 80, (USize + 1):32, Z/binary>>, [])]),
    io:format("usize-1: ~w~n", [b2t_catch(<<131, 80, (USize - 1):32, Z/binary>>, [])]),
    %% [safe] and an atom that does not exist yet
    %% (built at run time so that the compiler cannot turn it into a literal atom)
    Name = iolist_to_binary(["bif_long_b2t_fresh_atom_", integer_to_list(length(Bytes))]),
    NewAtomE = <<131, 108, 200000:32, (binary:copy(<<97, 7>>, 199999))/binary,
                 119, (byte_size(Name)), Name/binary, 106>>,
    io:format("safe new atom: ~w~n", [b2t_catch(NewAtomE, [safe])]),
    Decoded = binary_to_term(NewAtomE),
    io:format("plain: ~p ~p~n", [length(Decoded), lists:last(Decoded) =:= binary_to_atom(Name)]),
    io:format("safe again: ~p~n", [binary_to_term(NewAtomE, [safe]) =:= Decoded]),
    %% binary_to_term/1 errors
    io:format("~w~n", [b2t1_catch(binary:part(IntsE, 0, 4000000))]),
    io:format("~w~n", [b2t1_catch(set_byte(BytesE, 6 + 2 * 600000, 200))]),
    io:format("~w~n", [b2t1_catch(ints)]),
    %% bad arguments
    [io:format("~w: ~w~n", [O, b2t_catch(IntsE, O)]) || O <- [[bogus], [used | x], [safe, {used}], foo]],
    io:format("~w~n", [b2t_catch(<<IntsE/binary, 1:1>>, [])]),
    io:format("~w~n", [b2t_catch(binary_to_list(<<131, 106>>), [])]),
    io:format("~w~n", [b2t_catch(<<>>, [])]),
    io:format("~w~n", [b2t_catch(<<130, (binary:part(IntsE, 1, byte_size(IntsE) - 1))/binary>>, [])]),
    ok.

nest(0, Inner) -> Inner;
nest(N, Inner) -> nest(N - 1, {Inner}).

depth({X}, D) -> depth(X, D + 1);
depth(_, D) -> D.

catch_len(L) ->
    try length(L) catch error:badarg -> badarg end.

set_byte(Bin, Pos, Byte) ->
    <<Pre:Pos/binary, _, Post/binary>> = Bin,
    <<Pre/binary, Byte, Post/binary>>.

%% LIST_EXT length field (bytes 2..5 after the version byte)
set_len(<<131, 108, _:32, Rest/binary>>, N) ->
    <<131, 108, N:32, Rest/binary>>.

b2t_catch(Bin, Opts) ->
    try binary_to_term(Bin, Opts) of
        T -> {ok, erlang:phash2(T)}
    catch
        Class:Reason:Stack ->
            [{M, F, Args, _}, {_, CF, _, _} | _] = Stack,
            {Class, Reason, M, F, length(Args), Args =:= [Bin, Opts], CF}
    end.

b2t1_catch(Bin) ->
    try binary_to_term(Bin) of
        T -> {ok, erlang:phash2(T)}
    catch
        Class:Reason:Stack ->
            [{M, F, Args, _}, {_, CF, _, _} | _] = Stack,
            {Class, Reason, M, F, length(Args), Args =:= [Bin], CF}
    end.

%% term_to_binary/1,2 on big terms, which the BIF encodes in slices and may
%% yield midway: a 1,000,000-element list of integers, 200,000 tuples
%% {I, <<"x">>, [I]}, tuples and lists nested 100,000 deep, a map with
%% 100,000 keys, a 2 MB binary (and a sub-binary of it), bignums, floats,
%% strings either side of the 65,535-element STRING_EXT limit; with the
%% options compressed, {compressed,9}, {minor_version,0|1|2} and
%% deterministic.  The encoding must be byte-exact (printed as byte_size and
%% phash2), decode back to an equal term, and bad options raise badarg.
-module(bif_long_term_to_binary).
-export([main/0]).

main() ->
    Big = binary:copy(<<"abcdefghijklmnopqrstuvwxyz012345">>, 65536),
    Terms =
        [{ints, lists:seq(1, 1000000), [[], [compressed], deterministic]},
         {tuples, [{I, <<"x">>, [I]} || I <- lists:seq(1, 200000)], [[], [compressed]]},
         {deep_tuple, nest_tuple(100000, leaf), [[], [compressed]]},
         {deep_pair, lists:foldl(fun(I, Acc) -> {I, Acc} end, [], lists:seq(1, 100000)), [[]]},
         {deep_list, lists:foldl(fun(_, Acc) -> [Acc] end, [], lists:seq(1, 100000)), [[]]},
         {map, maps:from_list([{I, I * 2} || I <- lists:seq(1, 100000)]),
          [[], [compressed], deterministic]},
         {map_of_bins, maps:from_list([{integer_to_binary(I), {I}} || I <- lists:seq(1, 20000)]),
          [[]]},
         {binary, Big, [[], [compressed], [{compressed, 9}]]},
         {sub_binary, binary:part(Big, 3, 1500000), [[]]},
         {bitstring, <<Big/binary, 5:3>>, [[]]},
         {bignums, [1 bsl 800000 - 1, -(1 bsl 300000), 7 bsl 64,
                    [(1 bsl 64) * I + I || I <- lists:seq(1, 20000)]], [[], [compressed]]},
         {floats, [I / 7 || I <- lists:seq(1, 100000)], [[], [{minor_version, 0}]]},
         {string_65535, lists:duplicate(65535, $a), [[]]},
         {string_65536, lists:duplicate(65536, $a), [[]]},
         {atoms, [list_to_atom("atom_" ++ integer_to_list(I rem 500)) || I <- lists:seq(1, 100000)]
          ++ ['héllo', 'ünïcödé'], [[], [{minor_version, 1}], [{minor_version, 2}]]},
         {mixed, {lists:seq(1, 50000), Big, #{k => lists:duplicate(50000, {a, 1.5})},
                  "str", 1 bsl 1000}, [[], [compressed], deterministic]}],
    lists:foreach(
      fun({Tag, T, OptsList}) ->
              Plain = term_to_binary(T),
              lists:foreach(
                fun(Opts) ->
                        B = case Opts of
                                [] -> Plain;
                                _ -> term_to_binary(T, wrap(Opts))
                            end,
                        io:format("~p ~w: ~p ~p ~p~n",
                                  [Tag, Opts, byte_size(B), erlang:phash2(B),
                                   binary_to_term(B) =:= T])
                end, OptsList)
      end, Terms),
    %% the same term encoded twice (and via /1 and /2 with []) is identical
    L = lists:seq(1, 1000000),
    io:format("~p~n", [term_to_binary(L) =:= term_to_binary(L, [])]),
    io:format("~p~n", [term_to_binary(L, [{minor_version, 1}]) =:= term_to_binary(L)]),
    %% first and last bytes of the big list's encoding
    E = term_to_binary(L),
    io:format("~w ~w~n", [binary:part(E, 0, 12), binary:part(E, byte_size(E) - 6, 6)]),
    %% bad options
    Bad = [[bogus], [{compressed, 10}], [{compressed, -1}], [{minor_version, 3}],
           [compressed | foo], not_a_list],
    [io:format("~w: ~w~n", [O, t2b_catch(L, O)]) || O <- Bad],
    ok.

wrap(deterministic) -> [deterministic];
wrap(Opts) -> Opts.

nest_tuple(0, Inner) -> Inner;
nest_tuple(N, Inner) -> nest_tuple(N - 1, {Inner}).

t2b_catch(T, Opts) ->
    try term_to_binary(T, Opts) of
        B -> {ok, byte_size(B)}
    catch
        Class:Reason:Stack ->
            [{M, F, Args, _}, {_, CF, _, _} | _] = Stack,
            {Class, Reason, M, F, length(Args), Args =:= [T, Opts], CF}
    end.

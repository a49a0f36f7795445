-module(proc_big_messages).
-export([main/0]).

echo() ->
    receive
        {From, Term} -> From ! {self(), Term}, echo();
        stop -> ok
    end.

roundtrip(P, T) ->
    P ! {self(), T},
    receive {P, Back} -> Back end.

main() ->
    Self = self(),
    BigList = lists:seq(1, 10000),
    BigMap = maps:from_list([{I, integer_to_list(I)} || I <- lists:seq(1, 500)]),
    SmallMap = #{a => 1, b => [2], c => {3}},
    BigBin = list_to_binary([I rem 256 || I <- lists:seq(1, 1000)]),
    Bignum = 1 bsl 200 + 12345678901234567890,
    NegBig = -(Bignum * Bignum),
    Floats = [1.5, -0.0, 3.14159, 1.0e300, 2.5e-300],
    Adder = fun(X) -> X + Bignum end,
    Nested = {deep, [{k, BigMap}, {l, [BigBin, SmallMap]}], <<"small">>},
    %% a closure capturing big data sends it back
    spawn(fun() -> Self ! {captured, BigList, BigMap, SmallMap, BigBin, Bignum, NegBig, Floats, Nested} end),
    receive {captured, L1, M1, SM1, B1, N1, NB1, F1, Ne1} ->
        io:format("list: ~p~n", [L1 =:= BigList]),
        io:format("map: ~p, size ~p~n", [M1 =:= BigMap, map_size(M1)]),
        io:format("small map: ~p~n", [SM1 =:= SmallMap]),
        io:format("binary: ~p, size ~p~n", [B1 =:= BigBin, byte_size(B1)]),
        io:format("bignum: ~p ~p~n", [N1 =:= Bignum, N1]),
        io:format("negative bignum: ~p~n", [NB1 =:= NegBig]),
        io:format("floats: ~p ~p~n", [F1 =:= Floats, F1]),
        io:format("nested: ~p~n", [Ne1 =:= Nested])
    end,
    %% a captured fun still works in the other process and after coming back
    spawn(fun() -> Self ! {fun_result, Adder(1), Adder} end),
    receive {fun_result, R, AdderBack} ->
        io:format("fun in child: ~p, fun back: ~p, equal: ~p~n", [R - Bignum, AdderBack(2) - Bignum, AdderBack =:= Adder])
    end,
    %% round trips through an echo process
    E = spawn(fun echo/0),
    Terms = [BigList, BigMap, BigBin, Bignum, Floats, Nested, Adder, {self(), make_ref()}, [], <<>>, ""],
    io:format("round trips: ~p~n", [[roundtrip(E, T) =:= T || T <- Terms]]),
    %% sub-binaries
    <<_:10/binary, Sub:100/binary, _/binary>> = BigBin,
    SubBack = roundtrip(E, Sub),
    <<First3:3/binary, _/binary>> = SubBack,
    io:format("sub-binary: ~p, size ~p, first bytes ~p~n", [SubBack =:= Sub, byte_size(SubBack), First3]),
    <<_:3, Bits:13/bitstring, _/bitstring>> = BigBin,
    BitsBack = roundtrip(E, Bits),
    io:format("bitstring: ~p, bit_size ~p~n", [BitsBack =:= Bits, bit_size(BitsBack)]),
    %% a large binary (1 MB) and many references to the same binary
    Huge = list_to_binary(lists:duplicate(65536, <<"0123456789abcdef">>)),
    <<_:1000/binary, Part:5/binary, _/binary>> = Huge,
    HugeBack = roundtrip(E, {Huge, Huge, Part}),
    io:format("1 MB binary: ~p, ~p~n", [HugeBack =:= {Huge, Huge, <<"89abc">>}, byte_size(element(1, HugeBack))]),
    %% deep lists as messages
    Deep = lists:foldl(fun(I, Acc) -> [I | Acc] end, [], lists:seq(1, 100000)),
    DeepBack = roundtrip(E, Deep),
    io:format("100k list: ~p, length ~p, sum ~p~n", [DeepBack =:= Deep, length(DeepBack), lists:sum(DeepBack)]),
    Nest = lists:foldl(fun(I, Acc) -> [Acc, I] end, [], lists:seq(1, 100000)),
    NestBack = roundtrip(E, Nest),
    io:format("100k deep nesting: ~p, flattened length ~p~n", [NestBack =:= Nest, length(lists:flatten(NestBack))]),
    Tup = list_to_tuple(lists:seq(1, 5000)),
    io:format("5000-tuple: ~p~n", [roundtrip(E, Tup) =:= Tup]),
    %% shared subterms stay equal
    Shared = lists:seq(1, 100),
    SharedBack = roundtrip(E, {Shared, Shared, [Shared, Shared]}),
    io:format("shared subterms: ~p~n", [SharedBack =:= {Shared, Shared, [Shared, Shared]}]),
    %% a child builds big data and sends it; the sender then dies, data survives
    {P, Mr} = spawn_monitor(fun() -> Self ! {built, [{I, <<I:32>>} || I <- lists:seq(1, 20000)]} end),
    receive {'DOWN', Mr, process, P, normal} -> ok end,
    receive {built, Built} ->
        io:format("built by dead child: ~p ~p~n", [length(Built), lists:last(Built)])
    end,
    E ! stop,
    ok.

%% Hashing a 1 MB binary incrementally, in chunks of several sizes, against
%% one call; hash states sent to another process and kept in ETS.
-module(crypto_hash_big).
-export([main/0]).

hex(B) -> binary_to_list(binary:encode_hex(B)).

chunks(Bin, _N) when byte_size(Bin) =:= 0 -> [];
chunks(Bin, N) when byte_size(Bin) =< N -> [Bin];
chunks(Bin, N) ->
    <<C:N/binary, Rest/binary>> = Bin,
    [C | chunks(Rest, N)].

main() ->
    Big = << <<(I rem 251)>> || I <- lists:seq(0, 1024 * 1024 - 1) >>,
    io:format("~p~n", [byte_size(Big)]),
    [begin
         One = crypto:hash(H, Big),
         Inc = [crypto:hash_final(lists:foldl(fun(C, S) -> crypto:hash_update(S, C) end,
                                              crypto:hash_init(H), chunks(Big, N)))
                || N <- [1000, 4096, 65536, 333333]],
         io:format("~p ~s ~p~n", [H, hex(One), lists:all(fun(X) -> X =:= One end, Inc)])
     end || H <- [md5, sha, sha256, sha512, sha3_256]],
    Md5 = lists:foldl(fun(C, Ctx) -> erlang:md5_update(Ctx, C) end, erlang:md5_init(), chunks(Big, 7777)),
    io:format("~s ~p~n", [hex(erlang:md5_final(Md5)), erlang:md5_final(Md5) =:= erlang:md5(Big)]),
    %% a state in another process and in ETS
    Half = crypto:hash_update(crypto:hash_init(sha256), binary:part(Big, 0, 512 * 1024)),
    Rest = binary:part(Big, 512 * 1024, 512 * 1024),
    Self = self(),
    Pid = spawn(fun() -> receive {S, R} -> Self ! {done, crypto:hash_final(crypto:hash_update(S, R))} end end),
    Pid ! {Half, Rest},
    receive {done, D} -> io:format("~p~n", [D =:= crypto:hash(sha256, Big)]) end,
    T = ets:new(states, []),
    ets:insert(T, {half, Half}),
    [{half, Back}] = ets:lookup(T, half),
    ets:delete(T),
    io:format("~p~n", [crypto:hash_final(crypto:hash_update(Back, Rest)) =:= crypto:hash(sha256, Big)]),
    %% many states, dropped: they are freed with the last reference
    lists:foreach(fun(I) -> crypto:hash_update(crypto:hash_init(sha512), integer_to_list(I)) end,
                  lists:seq(1, 20000)),
    erlang:garbage_collect(),
    io:format("~p~n", [crypto:hash_final(Half) =:= crypto:hash(sha256, binary:part(Big, 0, 512 * 1024))]),
    ok.

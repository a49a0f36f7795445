%% crypto:hash/2 and the incremental hash_init/update/final against the
%% FIPS 180 examples ("abc" and the 448-bit message), SHA-3 of "abc" and the
%% RFC 1321 MD5 suite; erlang:md5/1 and md5_init/update/final.
-module(crypto_hash).
-export([main/0]).

hex(B) -> binary_to_list(binary:encode_hex(B)).
unhex(S) -> binary:decode_hex(list_to_binary(S)).

check(Name, Got, Want) ->
    io:format("~p ~s ~p~n", [Name, hex(Got), Got =:= unhex(Want)]).

main() ->
    Abc = <<"abc">>,
    M448 = <<"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq">>,
    check(sha_abc, crypto:hash(sha, Abc), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    check(sha_448, crypto:hash(sha, M448), "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    check(sha224_abc, crypto:hash(sha224, Abc), "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"),
    check(sha224_448, crypto:hash(sha224, M448), "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525"),
    check(sha256_abc, crypto:hash(sha256, Abc), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    check(sha256_448, crypto:hash(sha256, M448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    check(sha384_abc, crypto:hash(sha384, Abc),
          "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
    check(sha512_abc, crypto:hash(sha512, Abc),
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    check(sha3_224_abc, crypto:hash(sha3_224, Abc), "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf"),
    check(sha3_256_abc, crypto:hash(sha3_256, Abc), "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
    check(sha3_384_abc, crypto:hash(sha3_384, Abc),
          "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25"),
    check(sha3_512_abc, crypto:hash(sha3_512, Abc),
          "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"),
    %% RFC 1321, A.5
    Md5 = [{"", "d41d8cd98f00b204e9800998ecf8427e"},
           {"a", "0cc175b9c0f1b6a831c399e269772661"},
           {"abc", "900150983cd24fb0d6963f7d28e17f72"},
           {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
           {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
           {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "d174ab98d277d9f5a5611c2c9f419d9f"},
           {lists:flatten(lists:duplicate(8, "1234567890")), "57edf4a22be3c955ac49da2e2107b67a"}],
    [begin
         check({md5, length(In)}, crypto:hash(md5, In), Want),
         check({erlang_md5, length(In)}, erlang:md5(In), Want)
     end || {In, Want} <- Md5],
    %% every hash over iodata, one-shot against incremental in pieces
    Hashs = [md5, sha, sha224, sha256, sha384, sha512, sha3_224, sha3_256, sha3_384, sha3_512],
    Io = [<<"The quick ">>, "brown" | [$\s, <<"fox">>]],
    [begin
         One = crypto:hash(H, Io),
         S = lists:foldl(fun(P, St) -> crypto:hash_update(St, P) end, crypto:hash_init(H),
                         [<<"The">>, <<" quick brown">>, [], " fox"]),
         io:format("~p ~s ~p ~p~n", [H, hex(One), crypto:hash_final(S) =:= One,
                                     byte_size(One) =:= maps:get(size, crypto:hash_info(H))])
     end || H <- Hashs],
    %% a state stays usable: update and final do not change it
    S0 = crypto:hash_init(sha256),
    S1 = crypto:hash_update(S0, <<"a">>),
    S2 = crypto:hash_update(S0, <<"b">>),
    io:format("~p~n", [[crypto:hash_final(S0) =:= crypto:hash(sha256, <<>>),
                        crypto:hash_final(S1) =:= crypto:hash(sha256, <<"a">>),
                        crypto:hash_final(S2) =:= crypto:hash(sha256, <<"b">>),
                        crypto:hash_final(S1) =:= crypto:hash_final(S1),
                        crypto:hash_final(crypto:hash_update(S1, <<"bc">>)) =:= crypto:hash(sha256, Abc)]]),
    [io:format("~p ~p~n", [H, crypto:hash_info(H)]) || H <- Hashs],
    %% erlang:md5_init/update/final: the context is a binary
    C0 = erlang:md5_init(),
    C1 = erlang:md5_update(C0, "message "),
    C2 = erlang:md5_update(C1, [<<"dig">>, "est"]),
    io:format("~p ~p~n", [is_binary(C0), byte_size(C0)]),
    io:format("~s~n", [hex(binary:part(C0, 0, 24))]),
    io:format("~s~n", [hex(binary:part(C2, 0, 24 + 14))]),
    check(md5_incremental, erlang:md5_final(C2), "f96b697d7cb7938d525a2f31aaf161d0"),
    check(md5_reuse, erlang:md5_final(C1), hex(erlang:md5("message "))),
    Long = binary:copy(<<"0123456789">>, 100),
    CL = lists:foldl(fun(I, C) -> erlang:md5_update(C, binary:part(Long, I * 37, 37)) end,
                     C0, lists:seq(0, 26)),
    CL2 = erlang:md5_update(CL, binary:part(Long, 999, 1)),
    io:format("~p~n", [erlang:md5_final(CL2) =:= erlang:md5(Long)]),
    io:format("~p~n", [erlang:md5(Long) =:= crypto:hash(md5, Long)]),
    ok.

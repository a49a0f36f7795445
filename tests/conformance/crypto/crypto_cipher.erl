%% crypto_one_time/4,5 and crypto_init/update/final for AES ECB, CBC and CTR
%% (NIST SP 800-38A, F.1, F.2, F.5) and ChaCha20 (RFC 8439 2.4.2); padding
%% options; states used in pieces.
-module(crypto_cipher).
-export([main/0]).

hex(B) -> binary_to_list(binary:encode_hex(B)).
unhex(S) -> binary:decode_hex(list_to_binary(S)).

check(Name, Got, Want) ->
    io:format("~p ~p~n", [Name, Got =:= unhex(Want)]).

plain() ->
    unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
          "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710").

vectors() ->
    K128 = "2b7e151628aed2a6abf7158809cf4f3c",
    K192 = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
    K256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
    Iv = "000102030405060708090a0b0c0d0e0f",
    Ctr = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
    [{aes_128_ecb, K128, none,
      "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
      "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4"},
     {aes_192_ecb, K192, none,
      "bd334f1d6e45f25ff712a214571fa5cc974104846d0ad3ad7734ecb3ecee4eef"
      "ef7afd2270e2e60adce0ba2face6444e9a4b41ba738d6c72fb16691603c18e0e"},
     {aes_256_ecb, K256, none,
      "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870"
      "b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7"},
     {aes_128_cbc, K128, Iv,
      "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
      "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"},
     {aes_192_cbc, K192, Iv,
      "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
      "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd"},
     {aes_256_cbc, K256, Iv,
      "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
      "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"},
     {aes_128_ctr, K128, Ctr,
      "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
      "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"},
     {aes_192_ctr, K192, Ctr,
      "1abc932417521ca24f2b0459fe7e6e0b090339ec0aa6faefd5ccc2c6f4ce8e94"
      "1e36b26bd1ebc670d1bd1d665620abf74f78a7f6d29809585a97daec58c6b050"},
     {aes_256_ctr, K256, Ctr,
      "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
      "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6"}].

%% Feed Data to State in pieces of the given sizes (cycled).
feed(State, <<>>, _Sizes, Acc) ->
    iolist_to_binary(lists:reverse([crypto:crypto_final(State) | Acc]));
feed(State, Data, [N | Sizes], Acc) ->
    Take = min(N, byte_size(Data)),
    <<Piece:Take/binary, Rest/binary>> = Data,
    feed(State, Rest, Sizes ++ [N], [crypto:crypto_update(State, Piece) | Acc]).

main() ->
    P = plain(),
    lists:foreach(
      fun({Cipher, K, IvHex, Want}) ->
              Key = unhex(K),
              Enc = case IvHex of
                        none -> crypto:crypto_one_time(Cipher, Key, P, true);
                        _ -> crypto:crypto_one_time(Cipher, Key, unhex(IvHex), P, true)
                    end,
              check({Cipher, encrypt}, Enc, Want),
              Dec = case IvHex of
                        none -> crypto:crypto_one_time(Cipher, Key, Enc, [{encrypt, false}]);
                        _ -> crypto:crypto_one_time(Cipher, Key, unhex(IvHex), Enc, [{encrypt, false}])
                    end,
              io:format("~p ~p~n", [{Cipher, decrypt}, Dec =:= P]),
              State = case IvHex of
                          none -> crypto:crypto_init(Cipher, Key, true);
                          _ -> crypto:crypto_init(Cipher, Key, unhex(IvHex), true)
                      end,
              io:format("~p ~p~n", [{Cipher, pieces}, feed(State, P, [16, 32, 16], []) =:= Enc])
      end, vectors()),
    %% CTR is a stream: any piece sizes
    K = unhex("2b7e151628aed2a6abf7158809cf4f3c"),
    Iv = unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
    Long = binary:copy(P, 37),
    CtrAll = crypto:crypto_one_time(aes_128_ctr, K, Iv, Long, true),
    io:format("~p~n", [[feed(crypto:crypto_init(aes_128_ctr, K, Iv, true), Long, Sizes, []) =:= CtrAll
                        || Sizes <- [[1], [7, 13], [100, 3, 1000]]]]),
    io:format("~s~n", [hex(crypto:hash(sha256, CtrAll))]),
    %% aliases pick the AES variant by key size
    io:format("~p~n", [crypto:crypto_one_time(aes_cbc, binary:copy(K, 2), Iv, P, true) =:=
                       crypto:crypto_one_time(aes_256_cbc, binary:copy(K, 2), Iv, P, true)]),
    io:format("~p~n", [crypto:crypto_one_time(aes_ctr, K, Iv, P, true) =:= crypto:crypto_one_time(aes_128_ctr, K, Iv, P, true)]),
    io:format("~p~n", [crypto:crypto_one_time(aes_ecb, K, P, true) =:= crypto:crypto_one_time(aes_128_ecb, K, P, true)]),
    %% padding
    Iv0 = <<0:128>>,
    [begin
         Msg = binary:part(Long, 0, N),
         Pk = crypto:crypto_one_time(aes_128_cbc, K, Iv0, Msg, [{padding, pkcs_padding}]),
         Z = crypto:crypto_one_time(aes_128_cbc, K, Iv0, Msg, [{encrypt, true}, {padding, zero}]),
         R = crypto:crypto_one_time(aes_128_cbc, K, Iv0, Msg, [{padding, random}]),
         U = crypto:crypto_one_time(aes_128_cbc, K, Iv0, Msg, true),
         Back = crypto:crypto_one_time(aes_128_cbc, K, Iv0, Pk, [{padding, pkcs_padding}, {encrypt, false}]),
         ZBack = crypto:crypto_one_time(aes_128_cbc, K, Iv0, Z, [{encrypt, false}]),
         io:format("~p: pkcs ~p ~s, zero ~p ~s, random ~p, default ~p, back ~p ~p~n",
                   [N, byte_size(Pk), hex(Pk), byte_size(Z), hex(Z), byte_size(R), byte_size(U),
                    Back =:= Msg, binary:part(ZBack, 0, N) =:= Msg])
     end || N <- [0, 1, 15, 16, 17, 33]],
    %% padding by states, including ECB
    S1 = crypto:crypto_init(aes_128_ecb, K, [{padding, pkcs_padding}]),
    A1 = crypto:crypto_update(S1, <<"hello">>),
    A2 = crypto:crypto_update(S1, <<" world, here are some bytes">>),
    A3 = crypto:crypto_final(S1),
    io:format("~p ~p ~p ~s~n", [byte_size(A1), byte_size(A2), byte_size(A3), hex(<<A1/binary, A2/binary, A3/binary>>)]),
    S2 = crypto:crypto_init(aes_128_ecb, K, [{padding, pkcs_padding}, {encrypt, false}]),
    B1 = crypto:crypto_update(S2, <<A1/binary, A2/binary, A3/binary>>),
    B2 = crypto:crypto_final(S2),
    io:format("~p~n", [<<B1/binary, B2/binary>>]),
    %% default padding: an unfilled last block is dropped without an error
    S3 = crypto:crypto_init(aes_128_cbc, K, Iv0, true),
    io:format("~p ~p ~p~n", [byte_size(crypto:crypto_update(S3, <<1, 2, 3>>)),
                             byte_size(crypto:crypto_update(S3, <<0:104>>)),
                             crypto:crypto_final(S3)]),
    %% iodata in, and ciphers on iolist keys and IVs
    io:format("~p~n", [crypto:crypto_one_time(aes_128_cbc, [K], [Iv0], [<<"0123456789">>, "abcdef"], true) =:=
                       crypto:crypto_one_time(aes_128_cbc, K, Iv0, <<"0123456789abcdef">>, true)]),
    %% ECB ignores an IV
    io:format("~p~n", [crypto:crypto_one_time(aes_128_ecb, K, <<"ignored">>, P, true) =:=
                       crypto:crypto_one_time(aes_128_ecb, K, P, true)]),
    %% ChaCha20, RFC 8439 2.4.2 (OpenSSL's IV: 32-bit counter, then the nonce)
    CK = list_to_binary(lists:seq(0, 31)),
    CIv = unhex("01000000000000000000004a00000000"),
    Sun = <<"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.">>,
    CC = crypto:crypto_one_time(chacha20, CK, CIv, Sun, true),
    io:format("~s~n", [hex(CC)]),
    check(chacha20_head, binary:part(CC, 0, 16), "6e2e359a2568f98041ba0728dd0d6981"),
    io:format("~p~n", [crypto:crypto_one_time(chacha20, CK, CIv, CC, false) =:= Sun]),
    io:format("~p~n", [feed(crypto:crypto_init(chacha20, CK, CIv, false), CC, [5, 50], []) =:= Sun]),
    [io:format("~p ~p~n", [C, crypto:cipher_info(C)])
     || C <- [aes_128_ctr, aes_192_cbc, aes_256_ecb, aes_128_gcm, aes_256_gcm, chacha20,
              chacha20_poly1305, aes_cbc, aes_gcm]],
    ok.

%% crypto:mac/3,4 and macN/4,5: HMAC (RFC 4231), CMAC (NIST SP 800-38B,
%% AES-128), Poly1305 (RFC 8439 2.5.2); pbkdf2_hmac/5 (RFC 6070).
-module(crypto_mac).
-export([main/0]).

hex(B) -> binary_to_list(binary:encode_hex(B)).
unhex(S) -> binary:decode_hex(list_to_binary(S)).

check(Name, Got, Want) ->
    io:format("~p ~s ~p~n", [Name, hex(Got), Got =:= unhex(Want)]).

main() ->
    %% RFC 4231: test cases 1, 2, 3, 4, 6 and 7 for SHA-224/256/384/512
    Cases =
        [{1, binary:copy(<<16#0b>>, 20), <<"Hi There">>,
          ["896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
           "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
           "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
           "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"]},
         {2, <<"Jefe">>, <<"what do ya want for nothing?">>,
          ["a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
           "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
           "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
           "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"]},
         {3, binary:copy(<<16#aa>>, 20), binary:copy(<<16#dd>>, 50),
          ["7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
           "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
           "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
           "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"]},
         {4, list_to_binary(lists:seq(1, 25)), binary:copy(<<16#cd>>, 50),
          ["6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
           "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
           "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
           "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"]},
         {6, binary:copy(<<16#aa>>, 131), <<"Test Using Larger Than Block-Size Key - Hash Key First">>,
          ["95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
           "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
           "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
           "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"]},
         {7, binary:copy(<<16#aa>>, 131),
          <<"This is a test using a larger than block-size key and a larger than block-size data. "
            "The key needs to be hashed before being used by the HMAC algorithm.">>,
          ["3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
           "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
           "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
           "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"]}],
    [[check({hmac, N, D}, crypto:mac(hmac, D, Key, Data), Want)
      || {D, Want} <- lists:zip([sha224, sha256, sha384, sha512], Wants)]
     || {N, Key, Data, Wants} <- Cases],
    %% test case 5: truncation to 128 bits
    Key5 = binary:copy(<<16#0c>>, 20),
    check({hmac, 5, sha256}, crypto:macN(hmac, sha256, Key5, <<"Test With Truncation">>, 16),
          "a3b6167473100ee06e0c796c2955552b"),
    %% iodata keys and data, the other digests
    [io:format("~p ~s~n", [D, hex(crypto:mac(hmac, D, ["ke", <<"y">>], [<<"da">>, $t, "a"]))])
     || D <- [md5, sha, sha3_224, sha3_256, sha3_384, sha3_512]],
    %% CMAC-AES-128, SP 800-38B D.1
    K = unhex("2b7e151628aed2a6abf7158809cf4f3c"),
    check(cmac_empty, crypto:mac(cmac, aes_128_cbc, K, <<>>), "bb1d6929e95937287fa37d129b756746"),
    check(cmac_16, crypto:mac(cmac, aes_128_cbc, K, unhex("6bc1bee22e409f96e93d7e117393172a")),
          "070a16b46b4d4144f79bdd9dd04a287c"),
    check(cmac_40, crypto:mac(cmac, aes_128_cbc, K,
                              unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411")),
          "dfa66747de9ae63030ca32611497c827"),
    io:format("~p~n", [crypto:mac(cmac, aes_128_ecb, K, <<"x">>) =:= crypto:mac(cmac, aes_cbc, K, <<"x">>)]),
    io:format("~s~n", [hex(crypto:mac(cmac, aes_256_cbc, binary:copy(K, 2), <<"data">>))]),
    io:format("~s~n", [hex(crypto:macN(cmac, aes_128_cbc, K, <<"data">>, 8))]),
    %% Poly1305, RFC 8439 2.5.2
    PK = unhex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b"),
    check(poly1305, crypto:mac(poly1305, PK, <<"Cryptographic Forum Research Group">>),
          "a8061dc1305136c6c22b8baf0c0127a9"),
    io:format("~s~n", [hex(crypto:macN(poly1305, PK, <<"x">>, 4))]),
    %% PBKDF2-HMAC-SHA1, RFC 6070
    check({pbkdf2, 1}, crypto:pbkdf2_hmac(sha, <<"password">>, <<"salt">>, 1, 20),
          "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
    check({pbkdf2, 2}, crypto:pbkdf2_hmac(sha, <<"password">>, <<"salt">>, 2, 20),
          "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
    check({pbkdf2, 4096}, crypto:pbkdf2_hmac(sha, <<"password">>, <<"salt">>, 4096, 20),
          "4b007901b765489abead49d926f721d065a429c1"),
    check({pbkdf2, long}, crypto:pbkdf2_hmac(sha, <<"passwordPASSWORDpassword">>,
                                              <<"saltSALTsaltSALTsaltSALTsaltSALTsalt">>, 4096, 25),
          "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"),
    check({pbkdf2, nul}, crypto:pbkdf2_hmac(sha, <<"pass\0word">>, <<"sa\0lt">>, 4096, 16),
          "56fa6aa75548099dcc37d7f03425e0c3"),
    [io:format("~p ~s~n", [D, hex(crypto:pbkdf2_hmac(D, <<"pw">>, <<"salt">>, 10, 40))])
     || D <- [sha224, sha256, sha384, sha512]],
    ok.

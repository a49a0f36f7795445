%% strong_rand_bytes/1, rand_seed/0,1, rand:bytes/1, exor/2,
%% bytes_to_integer/1, supports/0,1, and module_info(md5).
-module(crypto_misc).
-export([main/0]).

main() ->
    io:format("~p~n", [[byte_size(crypto:strong_rand_bytes(N)) || N <- [0, 1, 16, 100, 100000]]]),
    io:format("~p~n", [crypto:strong_rand_bytes(32) =/= crypto:strong_rand_bytes(32)]),
    io:format("~p~n", [crypto:exor(<<1, 2, 3>>, <<3, 2, 1>>)]),
    io:format("~p~n", [crypto:exor("ab", [<<"c">>, $d])]),
    io:format("~p~n", [crypto:exor(<<>>, <<>>)]),
    io:format("~p~n", [[crypto:bytes_to_integer(B) || B <- [<<>>, <<1>>, <<1, 2, 3>>, <<255, 255, 255, 255, 255, 255, 255, 255, 255>>]]]),
    %% what supports/0,1 list includes what Girder implements
    Sup = crypto:supports(),
    Hashs = [md5, sha, sha224, sha256, sha384, sha512, sha3_224, sha3_256, sha3_384, sha3_512],
    Ciphers = [aes_128_ctr, aes_192_ctr, aes_256_ctr, aes_128_cbc, aes_192_cbc, aes_256_cbc,
               aes_128_ecb, aes_192_ecb, aes_256_ecb, aes_128_gcm, aes_192_gcm, aes_256_gcm,
               chacha20, chacha20_poly1305, aes_cbc, aes_ctr, aes_ecb, aes_gcm],
    io:format("~p~n", [[lists:member(H, proplists:get_value(hashs, Sup)) || H <- Hashs]]),
    io:format("~p~n", [[lists:member(C, crypto:supports(ciphers)) || C <- Ciphers]]),
    io:format("~p~n", [[lists:member(M, crypto:supports(macs)) || M <- [hmac, cmac, poly1305]]]),
    io:format("~p~n", [[lists:keymember(K, 1, Sup) || K <- [hashs, ciphers, public_keys, macs, curves, rsa_opts]]]),
    %% every listed hash and cipher works
    io:format("~p~n", [lists:all(fun(H) -> is_binary(crypto:hash(H, <<"x">>)) end, crypto:supports(hashs))]),
    io:format("~p~n", [lists:all(fun(C) -> is_map(crypto:cipher_info(C)) end, crypto:supports(ciphers))]),
    %% the rand plugin
    io:format("~p~n", [crypto:rand_seed(<<"some entropy">>)]),
    {#{type := Type, bits := Bits}, no_seed} = crypto:rand_seed_s(),
    io:format("~p ~p~n", [Type, Bits]),
    _ = crypto:rand_seed(),
    Us = [rand:uniform(10) || _ <- lists:seq(1, 1000)],
    io:format("~p ~p~n", [lists:min(Us) >= 1, lists:max(Us) =< 10]),
    Fs = [rand:uniform() || _ <- lists:seq(1, 1000)],
    io:format("~p~n", [lists:all(fun(F) -> F >= 0.0 andalso F < 1.0 end, Fs)]),
    Big = [rand:uniform(1 bsl 100) || _ <- lists:seq(1, 100)],
    io:format("~p~n", [lists:all(fun(X) -> X >= 1 andalso X =< 1 bsl 100 end, Big)]),
    io:format("~p~n", [byte_size(rand:bytes(20))]),
    io:format("~p~n", [{byte_size(rand:bytes(0)), byte_size(rand:bytes(7))}]),
    _ = rand:seed(exsss, {1, 2, 3}),
    io:format("~p~n", [rand:bytes(10)]),
    %% module MD5s: 16 bytes, stable, different between modules
    M1 = ?MODULE:module_info(md5),
    io:format("~p ~p~n", [byte_size(M1), M1 =:= ?MODULE:module_info(md5)]),
    io:format("~p~n", [lists:keyfind(md5, 1, ?MODULE:module_info()) =:= {md5, M1}]),
    io:format("~p~n", [lists:module_info(md5) =/= M1]),
    io:format("~p~n", [lists:module_info(md5) =/= maps:module_info(md5)]),
    ok.

%% The errors crypto raises, as OTP 25 does. OTP's NIFs raise
%% error:{Tag, {CFile, Line}, Text}; Girder raises the same shape naming
%% its own source file and line, so this prints {Tag, file_line, Text}.
-module(crypto_errors).
-export([main/0]).

shape({Tag, {File, Line}, Text}) when is_list(File), is_integer(Line) -> {Tag, file_line, Text};
shape(Reason) -> Reason.

t(Name, F) ->
    R = try F() of
            V when is_binary(V) -> {value, byte_size(V)};
            V -> {value, V}
        catch
            C:E -> {C, shape(E)}
        end,
    io:format("~p ~p~n", [Name, R]).

main() ->
    K = <<0:128>>, Iv = <<0:128>>,
    %% hashes
    t(hash_type, fun() -> crypto:hash(foo, <<>>) end),
    t(hash_data, fun() -> crypto:hash(sha256, foo) end),
    t(hash_both, fun() -> crypto:hash(foo, foo) end),
    t(hash_bad_byte, fun() -> crypto:hash(sha256, [256]) end),
    t(hash_init_type, fun() -> crypto:hash_init(foo) end),
    t(hash_update_state, fun() -> crypto:hash_update(foo, <<>>) end),
    t(hash_update_data, fun() -> crypto:hash_update(crypto:hash_init(md5), foo) end),
    t(hash_final_state, fun() -> crypto:hash_final(foo) end),
    t(hash_final_bytes, fun() -> crypto:hash_final(<<1, 2, 3, 4, 5, 6, 7, 8>>) end),
    t(hash_final_cipher, fun() -> crypto:hash_final(crypto:crypto_init(aes_128_ctr, K, Iv, true)) end),
    t(hash_update_cipher, fun() -> crypto:hash_update(crypto:crypto_init(aes_128_ctr, K, Iv, true), <<>>) end),
    t(hash_info, fun() -> crypto:hash_info(foo) end),
    t(hash_info_cipher, fun() -> crypto:hash_info(aes_128_cbc) end),
    %% MACs
    t(mac_type, fun() -> crypto:mac(foo, sha256, <<>>, <<>>) end),
    t(mac_all, fun() -> crypto:mac(foo, foo, foo, foo) end),
    t(mac_key, fun() -> crypto:mac(hmac, sha256, foo, <<>>) end),
    t(mac_text, fun() -> crypto:mac(hmac, sha256, <<>>, foo) end),
    t(mac_text_first, fun() -> crypto:mac(foo, foo, <<>>, foo) end),
    t(hmac_digest, fun() -> crypto:mac(hmac, foo, <<>>, <<>>) end),
    t(hmac_cipher, fun() -> crypto:mac(hmac, aes_128_cbc, <<>>, <<>>) end),
    t(cmac_cipher, fun() -> crypto:mac(cmac, sha256, K, <<>>) end),
    t(cmac_key, fun() -> crypto:mac(cmac, aes_128_cbc, <<0:120>>, <<>>) end),
    t(poly1305_key, fun() -> crypto:mac(poly1305, K, <<"x">>) end),
    t(mac3_hmac, fun() -> crypto:mac(hmac, K, <<"x">>) end),
    t(macn_long, fun() -> crypto:macN(hmac, sha256, K, <<"x">>, 33) end),
    t(macn_zero, fun() -> crypto:macN(hmac, sha256, K, <<"x">>, 0) end),
    t(macn_negative, fun() -> crypto:macN(hmac, sha256, K, <<"x">>, -1) end),
    %% pbkdf2_hmac
    t(pbkdf2_digest, fun() -> crypto:pbkdf2_hmac(foo, <<"p">>, <<"s">>, 1, 4) end),
    t(pbkdf2_md5, fun() -> crypto:pbkdf2_hmac(md5, <<"p">>, <<"s">>, 1, 4) end),
    t(pbkdf2_sha3, fun() -> crypto:pbkdf2_hmac(sha3_256, <<"p">>, <<"s">>, 1, 4) end),
    t(pbkdf2_pass, fun() -> crypto:pbkdf2_hmac(sha, "p", <<"s">>, 1, 4) end),
    t(pbkdf2_salt, fun() -> crypto:pbkdf2_hmac(sha, <<"p">>, [<<"s">>], 1, 4) end),
    t(pbkdf2_iter, fun() -> crypto:pbkdf2_hmac(sha, <<"p">>, <<"s">>, foo, 4) end),
    t(pbkdf2_iter0, fun() -> crypto:pbkdf2_hmac(sha, <<"p">>, <<"s">>, 0, 4) end),
    t(pbkdf2_iter_neg, fun() -> crypto:pbkdf2_hmac(sha, <<"p">>, <<"s">>, -1, 4) end),
    t(pbkdf2_len, fun() -> crypto:pbkdf2_hmac(sha, <<"p">>, <<"s">>, 1, foo) end),
    t(pbkdf2_len0, fun() -> crypto:pbkdf2_hmac(sha, <<"p">>, <<"s">>, 1, 0) end),
    %% ciphers: the data is checked first, then the options, key, cipher, IV
    t(ot_data, fun() -> crypto:crypto_one_time(foo, foo, foo, foo, foo) end),
    t(ot_key, fun() -> crypto:crypto_one_time(foo, foo, foo, <<>>, true) end),
    t(ot_cipher, fun() -> crypto:crypto_one_time(foo, K, Iv, <<>>, true) end),
    t(ot_key_size, fun() -> crypto:crypto_one_time(aes_128_ctr, <<0:120>>, Iv, <<>>, true) end),
    t(ot_iv_type, fun() -> crypto:crypto_one_time(aes_128_cbc, K, foo, <<>>, true) end),
    t(ot_iv_size, fun() -> crypto:crypto_one_time(aes_128_ctr, K, <<0:120>>, <<>>, true) end),
    t(ot_no_iv, fun() -> crypto:crypto_one_time(aes_128_cbc, K, <<>>, true) end),
    t(ot_aead, fun() -> crypto:crypto_one_time(aes_128_gcm, K, Iv, <<>>, true) end),
    t(init_aead, fun() -> crypto:crypto_init(aes_256_gcm, <<0:256>>, Iv, true) end),
    t(opts_atom, fun() -> crypto:crypto_one_time(aes_128_cbc, K, Iv, <<>>, foo) end),
    t(opts_improper, fun() -> crypto:crypto_init(aes_128_ecb, K, [{encrypt, true} | foo]) end),
    t(opts_not_pairs, fun() -> crypto:crypto_one_time(aes_128_cbc, K, Iv, <<>>, [encrypt]) end),
    t(opts_triple, fun() -> crypto:crypto_init(aes_128_ecb, K, [{a, b, c}]) end),
    t(opts_encrypt, fun() -> crypto:crypto_one_time(aes_128_cbc, K, Iv, <<>>, [{encrypt, foo}]) end),
    t(opts_encrypt_twice, fun() -> crypto:crypto_init(aes_128_ecb, K, [{encrypt, true}, {encrypt, false}]) end),
    t(opts_padding, fun() -> crypto:crypto_one_time(aes_128_cbc, K, Iv, <<>>, [{padding, foo}]) end),
    t(opts_padding_twice, fun() -> crypto:crypto_one_time(aes_128_cbc, K, Iv, <<>>, [{padding, none}, {padding, zero}]) end),
    t(opts_tag, fun() -> crypto:crypto_one_time(aes_128_cbc, K, Iv, <<>>, [{foo, bar}]) end),
    t(opts_tag_string, fun() -> crypto:crypto_init(aes_128_ecb, K, [{"x", b}]) end),
    t(opts_before_key, fun() -> crypto:crypto_init(aes_128_ecb, foo, [{bad, x}]) end),
    t(update_state, fun() -> crypto:crypto_update(foo, <<>>) end),
    t(update_hash_state, fun() -> crypto:crypto_update(crypto:hash_init(md5), <<>>) end),
    t(update_data, fun() -> crypto:crypto_update(crypto:crypto_init(aes_128_ctr, K, Iv, true), foo) end),
    t(final_state, fun() -> crypto:crypto_final(foo) end),
    %% padding and final
    [t({padding, P, N, E}, fun() -> crypto:crypto_one_time(aes_128_cbc, K, Iv, <<1:(N * 8)>>,
                                                            [{padding, P}, {encrypt, E}]) end)
     || P <- [none, pkcs_padding, zero], N <- [0, 3, 16, 20], E <- [true, false]],
    [t({init_final, P, N}, fun() -> S = crypto:crypto_init(aes_128_ecb, K, [{padding, P}]),
                                    _ = crypto:crypto_update(S, <<1:(N * 8)>>),
                                    crypto:crypto_final(S) end)
     || P <- [none, undefined], N <- [3, 16, 20]],
    t(pkcs_decrypt_bad, fun() -> crypto:crypto_one_time(aes_128_cbc, K, Iv, <<"decr">>,
                                                        [{padding, pkcs_padding}, {encrypt, false}]) end),
    %% AEAD
    t(aead_not_aead, fun() -> crypto:crypto_one_time_aead(aes_128_cbc, K, <<0:96>>, <<>>, <<>>, true) end),
    t(aead6_decrypt, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, <<>>, <<>>, false) end),
    t(aead_enc_flag, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, <<>>, <<>>, 16, foo) end),
    t(aead_key, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, foo, foo, foo, foo, true) end),
    t(aead_iv, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, foo, foo, foo, true) end),
    t(aead_text, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, foo, foo, true) end),
    t(aead_aad, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, <<>>, foo, true) end),
    t(aead_tag_len, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, <<>>, <<>>, -1, true) end),
    t(aead_tag_len_atom, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, <<>>, <<>>, foo, true) end),
    t(aead_tag, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, <<>>, <<>>, foo, false) end),
    t(aead_cipher, fun() -> crypto:crypto_one_time_aead(foo, K, <<0:96>>, <<>>, <<>>, 16, true) end),
    t(aead_key_size, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, <<0:64>>, <<0:96>>, <<>>, <<>>, 16, true) end),
    t(aead_iv_empty, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<>>, <<>>, <<>>, true) end),
    t(aead_chacha_iv, fun() -> crypto:crypto_one_time_aead(chacha20_poly1305, <<0:256>>, <<0:64>>, <<>>, <<>>, true) end),
    t(aead_tag_17, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, <<>>, <<>>, 17, true) end),
    t(aead_tag_0, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, <<>>, <<>>, 0, true) end),
    t(aead_empty_tag, fun() -> crypto:crypto_one_time_aead(aes_128_gcm, K, <<0:96>>, <<>>, <<>>, <<>>, false) end),
    %% the rest
    t(cipher_info, fun() -> crypto:cipher_info(foo) end),
    t(cipher_info_hash, fun() -> crypto:cipher_info(sha256) end),
    t(rand_bytes_neg, fun() -> crypto:strong_rand_bytes(-1) end),
    t(rand_bytes_atom, fun() -> crypto:strong_rand_bytes(foo) end),
    t(rand_bytes_huge, fun() -> crypto:strong_rand_bytes(1 bsl 62) end),
    t(rand_seed, fun() -> crypto:rand_seed(foo) end),
    t(exor_sizes, fun() -> crypto:exor(<<1, 2>>, <<1>>) end),
    t(exor_atoms, fun() -> crypto:exor(foo, foo) end),
    t(bytes_to_integer, fun() -> crypto:bytes_to_integer(foo) end),
    t(supports, fun() -> crypto:supports(foo) end),
    t(md5_data, fun() -> erlang:md5(foo) end),
    t(md5_update_ctx, fun() -> erlang:md5_update(<<1, 2, 3>>, <<>>) end),
    t(md5_update_data, fun() -> erlang:md5_update(erlang:md5_init(), foo) end),
    t(md5_final_ctx, fun() -> erlang:md5_final(<<1, 2, 3>>) end),
    t(md5_final_atom, fun() -> erlang:md5_final(foo) end),
    t(rand_bytes, fun() -> rand:bytes(-1) end),
    t(hmac_gone, fun() -> apply(crypto, hmac, [sha256, <<>>, <<>>]) end),
    ok.

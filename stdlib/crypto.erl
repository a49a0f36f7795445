%% crypto: the parts of OTP 25's crypto API written in Erlang. The work is
%% done by BIFs of this module (vm/bif/crypto.cpp, on OpenSSL's libcrypto):
%% hash/2, hash_init/1, hash_update/2, hash_final/1, hash_info/1, mac/4,
%% pbkdf2_hmac/5, crypto_init/4, crypto_update/2, crypto_final/1,
%% crypto_one_time/5, crypto_one_time_aead/7, cipher_info/1,
%% strong_rand_bytes/1, exor/2 and info_lib/0. Here: the forms with
%% defaults, what supports/0,1 lists, and the rand plugin.
-module(crypto).
-export([supports/0, supports/1, crypto_init/3, crypto_one_time/4,
         crypto_one_time_aead/6, mac/3, macN/4, macN/5, bytes_to_integer/1,
         rand_seed/0, rand_seed/1, rand_seed_s/0, rand_uniform/2,
         rand_plugin_next/1, rand_plugin_uniform/1, rand_plugin_uniform/2,
         start/0, stop/0]).

-define(HASHS, [blake2s, blake2b, sha3_512, sha3_384, sha3_256, sha3_224,
                sha512, sha384, sha256, sha224, sha, ripemd160, md5]).
-define(CIPHERS, [chacha20, chacha20_poly1305, aes_256_gcm, aes_192_gcm,
                  aes_128_gcm, aes_256_ctr, aes_192_ctr, aes_128_ctr,
                  aes_256_cbc, aes_192_cbc, aes_128_cbc, aes_256_ecb,
                  aes_192_ecb, aes_128_ecb, aes_cbc, aes_ctr, aes_ecb,
                  aes_gcm]).
-define(MACS, [cmac, hmac, poly1305]).

supports() ->
    [{hashs, ?HASHS}, {ciphers, ?CIPHERS}, {public_keys, []}, {macs, ?MACS},
     {curves, []}, {rsa_opts, []}].

supports(hashs) -> ?HASHS;
supports(ciphers) -> ?CIPHERS;
supports(public_keys) -> [];
supports(macs) -> ?MACS;
supports(curves) -> [];
supports(rsa_opts) -> [].

%% Ciphers without an IV (ECB) take these forms; an IV-taking cipher gets
%% an empty IV, which its size check refuses.
crypto_init(Cipher, Key, FlagOrOptions) ->
    crypto:crypto_init(Cipher, Key, <<>>, FlagOrOptions).

crypto_one_time(Cipher, Key, Data, FlagOrOptions) ->
    crypto:crypto_one_time(Cipher, Key, <<>>, Data, FlagOrOptions).

crypto_one_time_aead(Cipher, Key, IV, PlainText, AAD, true) ->
    crypto:crypto_one_time_aead(Cipher, Key, IV, PlainText, AAD, 16, true).

%% mac/3 is for the MACs without a subtype: poly1305.
mac(poly1305, Key, Data) ->
    crypto:mac(poly1305, undefined, Key, Data).

macN(Type, Key, Data, MacLength) ->
    binary:part(mac(Type, Key, Data), 0, MacLength).

macN(Type, SubType, Key, Data, MacLength) ->
    binary:part(crypto:mac(Type, SubType, Key, Data), 0, MacLength).

bytes_to_integer(Bin) when is_binary(Bin) ->
    binary:decode_unsigned(Bin).

%% The crypto module is not an application in Girder: nothing to start.
start() -> ok.
stop() -> ok.

%% ---------------------------------------------------------------------
%% Random numbers
%% ---------------------------------------------------------------------

rand_seed(Seed) when is_binary(Seed) ->
    crypto:rand_seed_nif(Seed).

%% A rand state whose numbers come from strong_rand_bytes/1, stored as the
%% process's rand state as rand:seed/1 does.
rand_seed() ->
    rand:seed(rand_seed_s()).

rand_seed_s() ->
    {#{type => crypto, bits => 64, next => fun ?MODULE:rand_plugin_next/1,
       uniform => fun ?MODULE:rand_plugin_uniform/1,
       uniform_n => fun ?MODULE:rand_plugin_uniform/2},
     no_seed}.

rand_plugin_next(Seed) ->
    {bytes_to_integer(crypto:strong_rand_bytes(8)), Seed}.

%% A float in [0.0, 1.0): 53 random bits.
rand_plugin_uniform(State) ->
    <<Bits:53, _:3>> = crypto:strong_rand_bytes(7),
    {Bits * (1.0 / (1 bsl 53)), State}.

rand_plugin_uniform(Max, State) ->
    {strong_rand_range(Max) + 1, State}.

%% Lo =< N < Hi (deprecated in OTP 25, still there).
rand_uniform(Lo, Hi) when is_integer(Lo), is_integer(Hi), Lo < Hi ->
    Lo + strong_rand_range(Hi - Lo);
rand_uniform(_, _) ->
    erlang:error(badarg).

%% A uniform integer in [0, Range), by rejection: draw as many bytes as
%% Range needs and retry when the value falls past the largest multiple.
strong_rand_range(Range) when is_integer(Range), Range > 0 ->
    Bytes = byte_size(binary:encode_unsigned(Range)) + 1,
    Span = 1 bsl (Bytes * 8),
    Limit = Span - Span rem Range,
    strong_rand_range(Range, Bytes, Limit).

strong_rand_range(Range, Bytes, Limit) ->
    case bytes_to_integer(crypto:strong_rand_bytes(Bytes)) of
        V when V < Limit -> V rem Range;
        _ -> strong_rand_range(Range, Bytes, Limit)
    end.

%% crypto_one_time_aead/6,7: AES-GCM (test cases 1-4, 13 and 14 of the
%% GCM specification, McGrew and Viega) and ChaCha20-Poly1305 (RFC 8439
%% 2.8.2); truncated tags, wrong tags and AAD.
-module(crypto_aead).
-export([main/0]).

hex(B) -> binary_to_list(binary:encode_hex(B)).
unhex(S) -> binary:decode_hex(list_to_binary(S)).

check(Name, {C, T}, WantC, WantT) ->
    io:format("~p ~s ~s ~p ~p~n", [Name, hex(C), hex(T), C =:= unhex(WantC), T =:= unhex(WantT)]).

main() ->
    Z128 = <<0:128>>,
    Iv0 = <<0:96>>,
    check(gcm1, crypto:crypto_one_time_aead(aes_128_gcm, Z128, Iv0, <<>>, <<>>, true),
          "", "58e2fccefa7e3061367f1d57a4e7455a"),
    check(gcm2, crypto:crypto_one_time_aead(aes_128_gcm, Z128, Iv0, Z128, <<>>, true),
          "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"),
    K3 = unhex("feffe9928665731c6d6a8f9467308308"),
    Iv3 = unhex("cafebabefacedbaddecaf888"),
    P3 = unhex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
               "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"),
    C3 = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
         "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
    check(gcm3, crypto:crypto_one_time_aead(aes_128_gcm, K3, Iv3, P3, <<>>, true),
          C3, "4d5c2af327cd64a62cf35abd2ba6fab4"),
    P4 = binary:part(P3, 0, 60),
    A4 = unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
    {C4, T4} = crypto:crypto_one_time_aead(aes_128_gcm, K3, Iv3, P4, A4, true),
    check(gcm4, {C4, T4}, lists:sublist(C3, 120), "5bc94fbc3221a5db94fae95ae7121a47"),
    check(gcm13, crypto:crypto_one_time_aead(aes_256_gcm, <<0:256>>, Iv0, <<>>, <<>>, true),
          "", "530f8afbc74536b9a963b4f1c4cb738b"),
    check(gcm14, crypto:crypto_one_time_aead(aes_256_gcm, <<0:256>>, Iv0, Z128, <<>>, true),
          "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
    %% decryption, a wrong tag, wrong AAD, truncated tags
    io:format("~p~n", [crypto:crypto_one_time_aead(aes_128_gcm, K3, Iv3, C4, A4, T4, false) =:= P4]),
    BadT = crypto:exor(T4, <<1:128>>),
    io:format("~p~n", [crypto:crypto_one_time_aead(aes_128_gcm, K3, Iv3, C4, A4, BadT, false)]),
    io:format("~p~n", [crypto:crypto_one_time_aead(aes_128_gcm, K3, Iv3, C4, <<"other">>, T4, false)]),
    {C8, T8} = crypto:crypto_one_time_aead(aes_128_gcm, K3, Iv3, P4, A4, 8, true),
    io:format("~p ~s~n", [C8 =:= C4, hex(T8)]),
    io:format("~p~n", [crypto:crypto_one_time_aead(aes_128_gcm, K3, Iv3, C8, A4, T8, false) =:= P4]),
    io:format("~p~n", [crypto:crypto_one_time_aead(aes_128_gcm, K3, Iv3, C8, A4, <<>>, false)]),
    %% IVs of other lengths, iodata, the alias
    {C5, T5} = crypto:crypto_one_time_aead(aes_128_gcm, K3, <<"eight by">>, P4, A4, true),
    io:format("~s ~s~n", [hex(C5), hex(T5)]),
    io:format("~p~n", [crypto:crypto_one_time_aead(aes_gcm, [K3], [Iv3], [P4], [A4], 16, true) =:= {C4, T4}]),
    io:format("~p~n", [crypto:crypto_one_time_aead(aes_gcm, binary:copy(K3, 2), Iv3, P4, A4, true) =:=
                       crypto:crypto_one_time_aead(aes_256_gcm, binary:copy(K3, 2), Iv3, P4, A4, true)]),
    io:format("~p~n", [crypto:crypto_one_time_aead(aes_192_gcm, <<0:192>>, Iv0, <<"x">>, <<>>, true)]),
    %% ChaCha20-Poly1305, RFC 8439 2.8.2
    Key = list_to_binary(lists:seq(16#80, 16#9f)),
    Nonce = unhex("070000004041424344454647"),
    Aad = unhex("50515253c0c1c2c3c4c5c6c7"),
    Sun = <<"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.">>,
    {CC, CT} = crypto:crypto_one_time_aead(chacha20_poly1305, Key, Nonce, Sun, Aad, true),
    io:format("~s~n~s ~p~n", [hex(CC), hex(CT), CT =:= unhex("1ae10b594f09e26a7e902ecbd0600691")]),
    io:format("~p~n", [binary:part(CC, 0, 16) =:= unhex("d31a8d34648e60db7b86afbc53ef7ec2")]),
    io:format("~p~n", [crypto:crypto_one_time_aead(chacha20_poly1305, Key, Nonce, CC, Aad, CT, false) =:= Sun]),
    io:format("~p~n", [crypto:crypto_one_time_aead(chacha20_poly1305, Key, Nonce, CC, <<>>, CT, false)]),
    ok.

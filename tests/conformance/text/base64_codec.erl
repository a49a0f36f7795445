%% base64: encode/decode round trips at every length mod 3, lists and
%% binaries, whitespace in decode, mime_decode skipping junk, and errors.
-module(base64_codec).
-export([main/0]).

err(F) ->
    try F() of V -> {ok, V} catch C:_ -> C end.

main() ->
    Samples = [<<>>, <<"f">>, <<"fo">>, <<"foo">>, <<"foob">>, <<"fooba">>, <<"foobar">>,
               <<0, 255, 128, 1, 2>>, list_to_binary(lists:seq(0, 255))],
    [io:format("~p ~p~n", [base64:encode(S), base64:decode(base64:encode(S)) =:= S]) || S <- Samples],
    io:format("~p~n", [base64:encode("hello")]),
    io:format("~p~n", [base64:encode_to_string(<<1, 2, 3, 4>>)]),
    io:format("~p~n", [base64:decode("aGVs bG8=")]),
    io:format("~p~n", [base64:decode(<<"aGVs\r\nbG8=\n">>)]),
    io:format("~p~n", [base64:decode_to_string("Zm9vYmFy")]),
    io:format("~p~n", [base64:mime_decode("aGVs*bG8=")]),
    io:format("~p~n", [base64:mime_decode_to_string(<<"Zm9v!!YmE=">>)]),
    io:format("~p~n", [err(fun() -> base64:decode("aGVs*bG8=") end)]),
    io:format("~p~n", [err(fun() -> base64:decode("aGVsbG8") end)]),
    io:format("~p~n", [err(fun() -> base64:mime_decode("aGVsbG8") end)]),
    io:format("~p~n", [err(fun() -> base64:decode("aGVsbG8=x") end)]),
    io:format("~p~n", [err(fun() -> base64:encode(foo) end)]),
    ok.

-module(match_binary_strings).
-export([main/0]).
parse_kv(<<>>) -> [];
parse_kv(Bin) ->
    [Pair | Rest] = binary:split(Bin, <<"&">>),
    [K, V] = binary:split(Pair, <<"=">>),
    [{K, V} | case Rest of [] -> []; [R] -> parse_kv(R) end].
strip_prefix(<<"Bearer ", Token/binary>>) -> {token, Token};
strip_prefix(Other) -> {raw, Other}.
main() ->
    io:format("~p~n", [parse_kv(<<"a=1&bb=22&ccc=333">>)]),
    io:format("~p~n", [strip_prefix(<<"Bearer abc.def">>)]),
    io:format("~p~n", [strip_prefix(<<"Basic xyz">>)]),
    <<"HTTP/", Major, ".", Minor, " ", Code:3/binary, _/binary>> = <<"HTTP/1.1 200 OK">>,
    io:format("~c ~c ~p~n", [Major, Minor, binary_to_integer(Code)]),
    ok.

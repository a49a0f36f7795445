-module(bin_construct).
-export([main/0]).
id(X) -> X.
main() ->
    io:format("~p~n", [<<1, 2, 3>>]),
    io:format("~p~n", [<<"hello">>]),
    io:format("~p~n", [<<"abc", 0, "def">>]),
    io:format("~p~n", [<<256, -1, 1000>>]),
    X = id(16#ABCD),
    io:format("~p~n", [<<X:16>>]),
    io:format("~p~n", [<<X:16/little>>]),
    io:format("~p~n", [<<X:8>>]),
    io:format("~p~n", [<<X:32/big-unsigned-integer>>]),
    io:format("~p~n", [<<-2:16/signed>>]),
    io:format("~p~n", [<<1:1, 0:1, 1:6>>]),
    io:format("~p~n", [<<(id(<<"ab">>))/binary, "cd">>]),
    io:format("~p~n", [<<>>]),
    io:format("~p~n", [<< <<C>> || C <- "xyz" >>]),
    io:format("~p~n", [byte_size(<<0:800>>)]),
    io:format("~p~n", [<<1:24, 2:24/little>>]),
    io:format("~p~n", [<<"é"/utf8>>]),
    io:format("~p~n", [<<$a/utf16, $b/utf32>>]),
    ok.

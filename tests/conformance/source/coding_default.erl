-module(coding_default).
-export([main/0]).
%% No coding comment: UTF-8, as OTP 25 reads any source file by default.
main() ->
    io:format("~w~n", ["é€😀"]),
    io:format("~w~n", [$😀]),
    io:format("~w~n", [<<"é"/utf8, "é">>]),
    io:format("~w~n", ['é€']),
    ok.

-module(bin_utf).
-export([main/0]).
main() ->
    Cps = [$A, 233, 16#3B1, 16#20AC, 16#1F600],
    [io:format("~.16B: utf8=~w utf16=~w utf16le=~w utf32=~w~n",
               [C, <<C/utf8>>, <<C/utf16>>, <<C/utf16-little>>, <<C/utf32>>]) || C <- Cps],
    Bin = <<"héllo €"/utf8>>,
    io:format("~w~n", [Bin]),
    io:format("~p~n", [[C || <<C/utf8>> <= Bin]]),
    <<First/utf8, Rest/binary>> = <<16#20AC/utf8, "x">>,
    io:format("~p ~p~n", [First, Rest]),
    io:format("~p~n", [ec(fun() -> begin <<_/utf8>> = <<16#FF>>, ok end end)]),
    io:format("~p~n", [case <<16#D800:16>> of <<X/utf16>> -> X; _ -> invalid end]),
    io:format("~p~n", [unicode:characters_to_list(<<"ü"/utf8>>)]),
    io:format("~p~n", [unicode:characters_to_binary([16#3B1, 16#3B2])]),
    io:format("~p~n", [unicode:characters_to_binary("abc", latin1, utf16)]),
    io:format("~p~n", [byte_size(unicode:characters_to_binary([16#1F600]))]),
    ok.
%% evaluate, returning {Class, Reason} on exception (no stack traces)
ec(F) -> try F() catch C:R -> {C, R} end.

-module(bin_match_heads).
-export([main/0]).
kind(<<"GET ", Path/binary>>) -> {get, Path};
kind(<<"POST ", Path/binary>>) -> {post, Path};
kind(<<C, _/binary>>) when C >= $0, C =< $9 -> digit;
kind(<<_:1, _/bits>>) -> other;
kind(<<>>) -> empty.
count_ones(<<>>) -> 0;
count_ones(<<1:1, R/bits>>) -> 1 + count_ones(R);
count_ones(<<0:1, R/bits>>) -> count_ones(R).
main() ->
    [io:format("~p~n", [kind(B)]) || B <- [<<"GET /index">>, <<"POST /form">>, <<"42">>, <<"xyz">>, <<>>]],
    io:format("~p~n", [count_ones(<<255, 1, 2#1010:4>>)]),
    io:format("~p~n", [case <<1, 2>> of <<1, X>> -> X end]),
    io:format("~p~n", [case <<"abc">> of <<"ab", Y>> -> Y end]),
    ok.

-module(string_chars).
-export([main/0]).
is_vowel(C) -> lists:member(C, "aeiou").
caesar(S, N) -> [rot(C, N) || C <- S].
rot(C, N) when C >= $a, C =< $z -> $a + (C - $a + N) rem 26;
rot(C, N) when C >= $A, C =< $Z -> $A + (C - $A + N) rem 26;
rot(C, _) -> C.
main() ->
    S = "Programming in Erlang",
    io:format("~p~n", [length([C || C <- S, is_vowel(C)])]),
    io:format("~s~n", [caesar(S, 13)]),
    io:format("~s~n", [caesar(caesar(S, 13), 13)]),
    io:format("~p~n", [[C - $0 || C <- "2024", C >= $0, C =< $9]]),
    io:format("~p~n", [lists:map(fun(C) when C >= $a, C =< $z -> C - 32; (C) -> C end, "mixed Case")]),
    Palin = fun(X) -> L = [C || C <- string:lowercase(X), C >= $a, C =< $z], L =:= lists:reverse(L) end,
    io:format("~p ~p~n", [Palin("A man, a plan, a canal: Panama"), Palin("hello")]),
    io:format("~p~n", [lists:sort("erlang")]),
    io:format("~p~n", [lists:usort("mississippi")]),
    ok.

%% string:lexemes/2, nth_lexeme/3 and tokens/2 against OTP 25 with
%% grapheme-aware separators: "\r\n" as one separator or split by "\n",
%% combining marks, no separators at all; lists, binaries and lists of
%% one-character lists exactly, mixed list/binary chardata compared flat.
-module(string_lexemes_graphemes).
-export([main/0]).

main() ->
    Strs = ["", "a", "a b", "  a  b  ", "a\r\nb", "a\r\n\r\nb", "\r\na\r\n", "a\rb\nc", "a\n\rb",
            "abc,def;;ghi", ",,,", "e\x{301}a", "a\x{301}b", "a,\x{301}b", "x\r\n", "\r\n", "\r",
            "\n\r\n", "a\r\r\nb", "\x{1F44D}\x{1F3FD} ok"],
    Seps = [" ", "\n", "\r", "\r\n", [[$\r, $\n]], ",;", [$\n, $\r], ",", "\x{301}", [[$e, 16#301]],
            "e", [[$\r, $\n], $\r], [[$\r, $\n], $\n], "", [16#1F44D], [[16#1F44D, 16#1F3FD]]],
    [begin
         io:format("~w ~w~n", [S, Sp]),
         io:format("  list ~w~n", [string:lexemes(S, Sp)]),
         io:format("  bin ~w~n", [string:lexemes(unicode:characters_to_binary(S), Sp)]),
         io:format("  chars ~w~n", [string:lexemes([[C] || C <- S], Sp)]),
         {A, B} = lists:split(length(S) div 2, S),
         io:format("  mixed ~w~n", [[unicode:characters_to_list(L)
                                     || L <- string:lexemes([A, unicode:characters_to_binary(B)], Sp)]]),
         io:format("  tokens ~w~n", [string:tokens(S, lists:flatten(Sp))])
     end || S <- Strs, Sp <- Seps],
    [io:format("nth ~w ~w ~w -> ~w~n", [S, N, Sp, string:nth_lexeme(S, N, Sp)])
     || S <- ["a b  c", <<"x,,y,z">>, "", "  ", "a\r\nb\r\nc", "e\x{301}e"],
        N <- [1, 2, 3, 4], Sp <- [" ", ",", [[$\r, $\n]], "e"]],
    ok.

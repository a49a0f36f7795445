%% string: the OTP 25 `string' module, written from its documented
%% behaviour: the Unicode-aware API working on chardata (length/1, slice/3,
%% trim/3, pad/4, split/3, lexemes/2, replace/4, find/3, take/4, case
%% conversion, to_integer/1, to_float/1, ...) and the old list-only API
%% still present in OTP 25 (tokens/2, substr/3, strip/3, left/3, ...).
%%
%% Deviations from OTP:
%%  * Grapheme clusters: every code point is its own grapheme, except that
%%    "\r\n" is one grapheme.  OTP also joins combining marks, emoji
%%    sequences etc.; lexemes/2 does too (a code point and the combining
%%    marks, selectors, joiners and emoji modifiers after it), and splits
%%    clusters by separators as OTP does (lexemes("a\r\nb", "\n")).
%%    nth_lexeme/3 reads the lexemes before the Nth as lexemes/2 does, where
%%    OTP's differs when a separator splits a cluster.
%%  * Results are flat: where OTP returns unflattened chardata (e.g.
%%    pad/4 returns [[$a, $b], $\s, $\s]) Girder returns the equivalent flat
%%    list; when the input is a binary the result is a binary as in OTP.
%%    Results are always equal to OTP's after unicode:characters_to_list/1.
%%  * equal/4 ignores the normalization argument (no Unicode normalization).
%%  * Case mapping covers Latin-1, Latin Extended-A, Greek and Cyrillic
%%    basic letters (uppercase("é") is "É", uppercase("ß") is "SS").
-module(string).

-export([casefold/1, centre/2, centre/3, chars/2, chars/3, chomp/1, chr/2,
         concat/2, copies/2, cspan/2, equal/2, equal/3, equal/4, find/2,
         find/3, is_empty/1, join/2, left/2, left/3, len/1, length/1,
         lexemes/2, list_to_float/1, list_to_integer/1, lowercase/1,
         next_codepoint/1, next_grapheme/1, nth_lexeme/3, pad/2, pad/3,
         pad/4, prefix/2, rchr/2, replace/3, replace/4, reverse/1, right/2,
         right/3, rstr/2, slice/2, slice/3, span/2, split/2, split/3, str/2,
         strip/1, strip/2, strip/3, sub_string/2, sub_string/3, sub_word/2,
         sub_word/3, substr/2, substr/3, take/2, take/3, take/4,
         titlecase/1, to_float/1, to_graphemes/1, to_integer/1, to_lower/1,
         to_upper/1, tokens/2, trim/1, trim/2, trim/3, uppercase/1, words/1,
         words/2]).

-define(WHITESPACE, [[$\r, $\n], $\t, $\n, $\v, $\f, $\r, $\s, 16#85, 16#200E,
                     16#200F, 16#2028, 16#2029]).

%%% ---------------------------------------------------------------------
%%% chardata helpers
%%% ---------------------------------------------------------------------

%% Flatten chardata (code points, lists, UTF-8 binaries) to a code point list.
to_cps(CD) -> to_cps(CD, []).

to_cps(C, Tail) when is_integer(C), C >= 0 -> [C | Tail];
to_cps(B, Tail) when is_binary(B) -> utf8_to_list(B, Tail);
to_cps([H | T], Tail) -> to_cps(H, to_cps(T, Tail));
to_cps([], Tail) -> Tail;
to_cps(_, _) -> erlang:error(badarg).

utf8_to_list(B, Tail) ->
    case B of
        <<C/utf8, Rest/binary>> -> [C | utf8_to_list(Rest, Tail)];
        <<>> -> Tail;
        _ -> erlang:error(badarg)
    end.

list_to_utf8(L) -> << <<C/utf8>> || C <- L >>.

%% Convert a result back to the type of the input: binary in, binary out.
back(In, L) when is_binary(In) -> list_to_utf8(L);
back(_, L) -> L.

%% Split a code point list into graphemes: code points, and [$\r, $\n].
graphemes([$\r, $\n | T]) -> [[$\r, $\n] | graphemes(T)];
graphemes([C | T]) -> [C | graphemes(T)];
graphemes([]) -> [].

ungraphemes([[$\r, $\n] | T]) -> [$\r, $\n | ungraphemes(T)];
ungraphemes([C | T]) -> [C | ungraphemes(T)];
ungraphemes([]) -> [].

%% Separator / character-set arguments are lists of graphemes (a grapheme
%% being a code point or a list of code points such as [$\r, $\n]).
sep_list(Seps) when is_list(Seps) -> Seps;
sep_list(Sep) when is_integer(Sep) -> [Sep].

%% Graphemes of Cps for matching against the separators Seps.  Like OTP, a
%% "\r\n" pair is split when the separators contain $\n but not $\r.
sep_graphemes(Cps, Seps) ->
    case lists:member($\n, Seps) andalso not lists:member($\r, Seps) of
        true -> Cps;
        false -> graphemes(Cps)
    end.

sep_norm(S) when is_integer(S) -> S;
sep_norm(S) ->
    case to_cps(S) of
        [C] -> C;
        L -> L
    end.

%%% ---------------------------------------------------------------------
%%% Unicode API
%%% ---------------------------------------------------------------------

is_empty([]) -> true;
is_empty(<<>>) -> true;
is_empty([L | R]) -> is_empty(L) andalso is_empty(R);
is_empty(_) -> false.

length(CD) -> erlang:length(graphemes(to_cps(CD))).

to_graphemes(CD) -> graphemes(to_cps(CD)).

equal(A, B) -> to_cps(A) =:= to_cps(B).

equal(A, B, false) -> equal(A, B);
equal(A, B, true) -> casefold_list(to_cps(A)) =:= casefold_list(to_cps(B)).

equal(A, B, IgnoreCase, _Norm) -> equal(A, B, IgnoreCase).

reverse(CD) ->
    ungraphemes(lists:reverse(graphemes(to_cps(CD)))).

slice(CD, Start) -> slice(CD, Start, infinity).

slice(CD, Start, Len)
  when is_integer(Start), Start >= 0,
       (Len =:= infinity orelse (is_integer(Len) andalso Len >= 0)) ->
    Gs = drop_n(Start, graphemes(to_cps(CD))),
    Res = case Len of
              infinity -> Gs;
              _ -> take_n(Len, Gs)
          end,
    back(CD, ungraphemes(Res)).

drop_n(0, L) -> L;
drop_n(_, []) -> [];
drop_n(N, [_ | T]) -> drop_n(N - 1, T).

take_n(0, _) -> [];
take_n(_, []) -> [];
take_n(N, [H | T]) -> [H | take_n(N - 1, T)].

pad(CD, Len) -> pad(CD, Len, trailing, $\s).

pad(CD, Len, Dir) -> pad(CD, Len, Dir, $\s).

pad(CD, Len, Dir, Char) when is_integer(Len), Len >= 0 ->
    %% The result is deep, shaped as OTP's: the chardata is kept as given
    %% and the padding is made of copies of Char.
    N = erlang:max(0, Len - erlang:length(graphemes(to_cps(CD)))),
    case Dir of
        trailing -> [CD | lists:duplicate(N, Char)];
        leading -> [lists:duplicate(N, Char), CD];
        both ->
            Half = lists:duplicate(N div 2, Char),
            case N rem 2 of
                0 -> [Half, CD, Half];
                1 -> [Half, CD, Half, Char]
            end
    end.

trim(CD) -> trim(CD, both, ?WHITESPACE).

trim(CD, Dir) -> trim(CD, Dir, ?WHITESPACE).

trim(CD, Dir, Chars) ->
    Seps = sep_list(Chars),
    Gs = sep_graphemes(to_cps(CD), Seps),
    Res = case Dir of
              leading -> trim_l(Gs, Seps);
              trailing -> trim_t(Gs, Seps);
              both -> trim_t(trim_l(Gs, Seps), Seps)
          end,
    back(CD, ungraphemes(Res)).

trim_l([G | Gs] = L, Seps) ->
    case lists:member(G, Seps) of
        true -> trim_l(Gs, Seps);
        false -> L
    end;
trim_l([], _) -> [].

trim_t(Gs, Seps) -> lists:reverse(trim_l(lists:reverse(Gs), Seps)).

chomp(CD) ->
    Cps = to_cps(CD),
    back(CD, lists:reverse(chomp_1(lists:reverse(Cps)))).

chomp_1([$\n, $\r | T]) -> chomp_1(T);
chomp_1([$\n | T]) -> chomp_1(T);
chomp_1(L) -> L.

take(CD, Chars) -> take(CD, Chars, false, leading).

take(CD, Chars, Complement) -> take(CD, Chars, Complement, leading).

take(CD, Chars, Complement, Dir) when is_boolean(Complement) ->
    Seps = sep_list(Chars),
    Gs = sep_graphemes(to_cps(CD), Seps),
    In = fun(G) -> lists:member(G, Seps) =/= Complement end,
    case Dir of
        leading ->
            {Taken, Rest} = lists:splitwith(In, Gs),
            {back(CD, ungraphemes(Taken)), back(CD, ungraphemes(Rest))};
        trailing ->
            {RTaken, RRest} = lists:splitwith(In, lists:reverse(Gs)),
            {back(CD, ungraphemes(lists:reverse(RRest))),
             back(CD, ungraphemes(lists:reverse(RTaken)))}
    end.

uppercase(CD) -> back(CD, uppercase_list(to_cps(CD))).

lowercase(CD) -> back(CD, lowercase_list(to_cps(CD))).

casefold(CD) -> back(CD, casefold_list(to_cps(CD))).

titlecase(CD) ->
    case to_cps(CD) of
        [$\r, $\n | _] = L -> back(CD, L);
        [C | T] -> back(CD, title_cp(C) ++ T);
        [] -> back(CD, [])
    end.

uppercase_list(L) -> lists:append([upper_cp(C) || C <- L]).

lowercase_list(L) -> [lower_cp(C) || C <- L].

casefold_list(L) -> lists:append([fold_cp(C) || C <- L]).

%% Full uppercase mapping of one code point (a list: ß -> "SS").
upper_cp($ß) -> "SS";
upper_cp(C) -> [upper_simple(C)].

title_cp($ß) -> "Ss";
title_cp(C) -> [upper_simple(C)].

fold_cp($ß) -> "ss";
fold_cp(16#3C2) -> [16#3C3];
fold_cp(16#17F) -> [$s];
fold_cp(16#B5) -> [16#3BC];
fold_cp(C) -> [lower_cp(C)].

upper_simple(C) when C >= $a, C =< $z -> C - 32;
upper_simple(C) when C < 16#B5 -> C;
upper_simple(16#B5) -> 16#39C;
upper_simple(C) when C >= 16#E0, C =< 16#FE, C =/= 16#F7 -> C - 32;
upper_simple(16#FF) -> 16#178;
upper_simple(C) when C >= 16#100, C =< 16#137, C band 1 =:= 1 -> C - 1;
upper_simple(C) when C >= 16#139, C =< 16#148, C band 1 =:= 0 -> C - 1;
upper_simple(C) when C >= 16#14A, C =< 16#177, C band 1 =:= 1 -> C - 1;
upper_simple(C) when C >= 16#179, C =< 16#17E, C band 1 =:= 0 -> C - 1;
upper_simple(16#17F) -> $S;
upper_simple(C) when C >= 16#3B1, C =< 16#3C1 -> C - 32;
upper_simple(16#3C2) -> 16#3A3;
upper_simple(C) when C >= 16#3C3, C =< 16#3CB -> C - 32;
upper_simple(16#3AC) -> 16#386;
upper_simple(C) when C >= 16#3AD, C =< 16#3AF -> C - 37;
upper_simple(16#3CC) -> 16#38C;
upper_simple(C) when C >= 16#3CD, C =< 16#3CE -> C - 63;
upper_simple(C) when C >= 16#430, C =< 16#44F -> C - 32;
upper_simple(C) when C >= 16#450, C =< 16#45F -> C - 80;
upper_simple(C) -> C.

lower_cp(C) when C >= $A, C =< $Z -> C + 32;
lower_cp(C) when C < 16#C0 -> C;
lower_cp(C) when C >= 16#C0, C =< 16#DE, C =/= 16#D7 -> C + 32;
lower_cp(C) when C >= 16#100, C =< 16#137, C band 1 =:= 0 -> C + 1;
lower_cp(C) when C >= 16#139, C =< 16#148, C band 1 =:= 1 -> C + 1;
lower_cp(C) when C >= 16#14A, C =< 16#177, C band 1 =:= 0 -> C + 1;
lower_cp(16#178) -> 16#FF;
lower_cp(C) when C >= 16#179, C =< 16#17E, C band 1 =:= 1 -> C + 1;
lower_cp(16#386) -> 16#3AC;
lower_cp(C) when C >= 16#388, C =< 16#38A -> C + 37;
lower_cp(16#38C) -> 16#3CC;
lower_cp(C) when C >= 16#38E, C =< 16#38F -> C + 63;
lower_cp(C) when C >= 16#391, C =< 16#3A1 -> C + 32;
lower_cp(C) when C >= 16#3A3, C =< 16#3AB -> C + 32;
lower_cp(C) when C >= 16#400, C =< 16#40F -> C + 80;
lower_cp(C) when C >= 16#410, C =< 16#42F -> C + 32;
lower_cp(C) -> C.

prefix(CD, Prefix) ->
    P = to_cps(Prefix),
    Cps = to_cps(CD),
    case lists:prefix(P, Cps) of
        true -> back(CD, lists:nthtail(erlang:length(P), Cps));
        false -> nomatch
    end.

find(CD, Pattern) -> find(CD, Pattern, leading).

find(CD, Pattern, Dir) ->
    Cps = to_cps(CD),
    case to_cps(Pattern) of
        [] ->
            CD;
        Pat ->
            Found = case Dir of
                        leading -> find_first(Cps, Pat);
                        trailing -> find_last(Cps, Pat, nomatch)
                    end,
            case Found of
                nomatch -> nomatch;
                Rest -> back(CD, Rest)
            end
    end.

%% The suffix of L starting with the first occurrence of Pat.
find_first([_ | T] = L, Pat) ->
    case lists:prefix(Pat, L) of
        true -> L;
        false -> find_first(T, Pat)
    end;
find_first([], _) -> nomatch.

find_last([_ | T] = L, Pat, Last) ->
    case lists:prefix(Pat, L) of
        true -> find_last(T, Pat, L);
        false -> find_last(T, Pat, Last)
    end;
find_last([], _, Last) -> Last.

split(CD, Pattern) -> split(CD, Pattern, leading).

split(CD, Pattern, Where) ->
    Cps = to_cps(CD),
    case to_cps(Pattern) of
        [] ->
            [CD];
        Pat ->
            Parts = case Where of
                        leading -> split_first(Cps, Pat);
                        trailing -> split_last(Cps, Pat);
                        all -> split_all(Cps, Pat)
                    end,
            [back(CD, P) || P <- Parts]
    end.

split_first(Cps, Pat) ->
    case split_at(Cps, Pat, []) of
        {Before, After} -> [Before, After];
        nomatch -> [Cps]
    end.

split_last(Cps, Pat) ->
    RPat = lists:reverse(Pat),
    case split_at(lists:reverse(Cps), RPat, []) of
        {RAfter, RBefore} -> [lists:reverse(RBefore), lists:reverse(RAfter)];
        nomatch -> [Cps]
    end.

split_all(Cps, Pat) ->
    case split_at(Cps, Pat, []) of
        {Before, After} -> [Before | split_all(After, Pat)];
        nomatch -> [Cps]
    end.

%% {Before, After} around the first occurrence of Pat.
split_at([_ | T] = L, Pat, Acc) ->
    case lists:prefix(Pat, L) of
        true -> {lists:reverse(Acc), lists:nthtail(erlang:length(Pat), L)};
        false -> split_at(T, Pat, [hd(L) | Acc])
    end;
split_at([], _, _) -> nomatch.

replace(CD, Pattern, Replacement) -> replace(CD, Pattern, Replacement, leading).

replace(CD, Pattern, Replacement, Where) ->
    %% As OTP: the pieces split/3 returns, joined by Replacement as given.
    lists:join(Replacement, split(CD, Pattern, Where)).

%% As OTP: no separators give the whole string (but [] for []). A code
%% point that starts no separator is a plain character by itself, even
%% inside a grapheme cluster (so "\n" splits "\r\n" unless "\r" also
%% starts a separator); one that does is looked at as its whole cluster.
lexemes([], []) -> [];
lexemes(CD, []) -> [CD];
lexemes(CD, Seps) ->
    SepL = [sep_norm(S) || S <- sep_list(Seps)],
    Firsts = [case S of [F | _] -> F; F -> F end || S <- SepL],
    [back(CD, L) || L <- lexemes_1(to_cps(CD), SepL, Firsts, [], [])].

lexemes_1([C | T] = Cps, Seps, Firsts, Cur, Acc) ->
    case lists:member(C, Firsts) of
        false ->
            lexemes_1(T, Seps, Firsts, [C | Cur], Acc);
        true ->
            {G, Rest} = cluster(Cps),
            case lists:member(G, Seps) of
                true when Cur =:= [] -> lexemes_1(Rest, Seps, Firsts, [], Acc);
                true -> lexemes_1(Rest, Seps, Firsts, [], [lists:reverse(Cur) | Acc]);
                false when is_list(G) -> lexemes_1(Rest, Seps, Firsts, lists:reverse(G, Cur), Acc);
                false -> lexemes_1(Rest, Seps, Firsts, [G | Cur], Acc)
            end
    end;
lexemes_1([], _, _, [], Acc) -> lists:reverse(Acc);
lexemes_1([], _, _, Cur, Acc) -> lists:reverse([lists:reverse(Cur) | Acc]).

%% The grapheme cluster at the head: "\r\n", or a code point and the
%% combining marks, variation selectors, joiners and emoji modifiers after
%% it. {Cluster, Rest}; Cluster is a code point or a list of them.
cluster([$\r, $\n | T]) -> {[$\r, $\n], T};
cluster([C | T]) ->
    case lists:splitwith(fun is_extend/1, T) of
        {[], _} -> {C, T};
        {Ext, Rest} -> {[C | Ext], Rest}
    end.

is_extend(C) ->
    (C >= 16#300 andalso C =< 16#36F) orelse (C >= 16#483 andalso C =< 16#489) orelse
    (C >= 16#591 andalso C =< 16#5BD) orelse (C >= 16#610 andalso C =< 16#61A) orelse
    (C >= 16#64B andalso C =< 16#65F) orelse (C >= 16#1AB0 andalso C =< 16#1AFF) orelse
    (C >= 16#1DC0 andalso C =< 16#1DFF) orelse (C >= 16#200C andalso C =< 16#200D) orelse
    (C >= 16#20D0 andalso C =< 16#20FF) orelse (C >= 16#FE00 andalso C =< 16#FE0F) orelse
    (C >= 16#FE20 andalso C =< 16#FE2F) orelse (C >= 16#1F3FB andalso C =< 16#1F3FF) orelse
    (C >= 16#E0020 andalso C =< 16#E007F).

%% OTP reads the lexemes before the Nth a little differently from
%% lexemes/2 where a separator splits a grapheme cluster ("\r\n" and
%% "\n"); Girder reads them as lexemes/2 does.
nth_lexeme(CD, N, Seps) when is_integer(N), N > 0 ->
    case drop_n(N - 1, lexemes(CD, Seps)) of
        [L | _] -> L;
        [] -> back(CD, [])
    end.

next_grapheme(CD) ->
    case to_cps(CD) of
        [$\r, $\n | T] -> [[$\r, $\n] | back(CD, T)];
        [C | T] -> [C | back(CD, T)];
        [] -> []
    end.

next_codepoint(CD) ->
    case to_cps(CD) of
        [C | T] -> [C | back(CD, T)];
        [] -> []
    end.

to_integer(CD) ->
    try to_cps(CD) of
        Cps ->
            case parse_int(Cps) of
                {ok, I, Rest} -> {I, back(CD, Rest)};
                error -> {error, no_integer}
            end
    catch
        error:_ -> {error, badarg}
    end.

parse_int([S | T]) when S =:= $+; S =:= $- ->
    case digits(T, []) of
        {[], _} -> error;
        {Ds, Rest} when S =:= $- -> {ok, -erlang:list_to_integer(Ds), Rest};
        {Ds, Rest} -> {ok, erlang:list_to_integer(Ds), Rest}
    end;
parse_int(L) ->
    case digits(L, []) of
        {[], _} -> error;
        {Ds, Rest} -> {ok, erlang:list_to_integer(Ds), Rest}
    end.

digits([D | T], Acc) when D >= $0, D =< $9 -> digits(T, [D | Acc]);
digits(Rest, Acc) -> {lists:reverse(Acc), Rest}.

to_float(CD) ->
    try to_cps(CD) of
        Cps ->
            case parse_float(Cps) of
                {ok, F, Rest} -> {F, back(CD, Rest)};
                error -> {error, no_float}
            end
    catch
        error:_ -> {error, badarg}
    end.

parse_float([S | T]) when S =:= $+; S =:= $- ->
    case parse_float_1(T) of
        {ok, Text, Rest} -> {ok, erlang:list_to_float([S | Text]), Rest};
        error -> error
    end;
parse_float(L) ->
    case parse_float_1(L) of
        {ok, Text, Rest} -> {ok, erlang:list_to_float(Text), Rest};
        error -> error
    end.

%% Digits "." Digits [("e"|"E") [+-] Digits]
parse_float_1(L) ->
    case digits(L, []) of
        {[_ | _] = Int, [$. | T]} ->
            case digits(T, []) of
                {[_ | _] = Frac, Rest} ->
                    {Exp, Rest1} = float_exp(Rest),
                    {ok, Int ++ "." ++ Frac ++ Exp, Rest1};
                _ ->
                    error
            end;
        _ ->
            error
    end.

float_exp([E | T] = L) when E =:= $e; E =:= $E ->
    case T of
        [S | T1] when S =:= $+; S =:= $- ->
            case digits(T1, []) of
                {[_ | _] = Ds, Rest} -> {[$e, S | Ds], Rest};
                _ -> {[], L}
            end;
        _ ->
            case digits(T, []) of
                {[_ | _] = Ds, Rest} -> {[$e | Ds], Rest};
                _ -> {[], L}
            end
    end;
float_exp(L) -> {[], L}.

list_to_integer(L) when is_list(L) ->
    case parse_int(L) of
        {ok, I, Rest} -> {I, Rest};
        error -> {error, no_integer}
    end;
list_to_integer(_) -> {error, not_a_list}.

list_to_float(L) when is_list(L) ->
    case parse_float(L) of
        {ok, F, Rest} -> {F, Rest};
        error -> {error, no_float}
    end;
list_to_float(_) -> {error, not_a_list}.

%%% ---------------------------------------------------------------------
%%% Old (list only) API
%%% ---------------------------------------------------------------------

len(S) -> erlang:length(S).

concat(S1, S2) -> S1 ++ S2.

chr(S, C) when is_integer(C) -> chr_1(S, C, 1).

chr_1([C | _], C, I) -> I;
chr_1([_ | Cs], C, I) -> chr_1(Cs, C, I + 1);
chr_1([], _, _) -> 0.

rchr(S, C) when is_integer(C) -> rchr_1(S, C, 1, 0).

rchr_1([C | Cs], C, I, _) -> rchr_1(Cs, C, I + 1, I);
rchr_1([_ | Cs], C, I, L) -> rchr_1(Cs, C, I + 1, L);
rchr_1([], _, _, L) -> L.

str(S, Sub) when is_list(Sub) -> str_1(S, Sub, 1).

str_1([C | S], [C | Sub], I) ->
    case lists:prefix(Sub, S) of
        true -> I;
        false -> str_1(S, [C | Sub], I + 1)
    end;
str_1([_ | S], Sub, I) -> str_1(S, Sub, I + 1);
str_1([], _, _) -> 0.

rstr(S, Sub) when is_list(Sub) -> rstr_1(S, Sub, 1, 0).

rstr_1([C | S], [C | Sub], I, L) ->
    case lists:prefix(Sub, S) of
        true -> rstr_1(S, [C | Sub], I + 1, I);
        false -> rstr_1(S, [C | Sub], I + 1, L)
    end;
rstr_1([_ | S], Sub, I, L) -> rstr_1(S, Sub, I + 1, L);
rstr_1([], _, _, L) -> L.

span(S, Cs) when is_list(Cs) -> span_1(S, Cs, 0).

span_1([C | S], Cs, I) ->
    case lists:member(C, Cs) of
        true -> span_1(S, Cs, I + 1);
        false -> I
    end;
span_1([], _, I) -> I.

cspan(S, Cs) when is_list(Cs) -> cspan_1(S, Cs, 0).

cspan_1([C | S], Cs, I) ->
    case lists:member(C, Cs) of
        true -> I;
        false -> cspan_1(S, Cs, I + 1)
    end;
cspan_1([], _, I) -> I.

substr(String, 1) when is_list(String) -> String;
substr(String, S) when is_integer(S), S > 1 -> substr_2(String, S - 1).

substr_2(String, 0) -> String;
substr_2([_ | String], S) -> substr_2(String, S - 1).

substr(String, S, L) when is_integer(S), S >= 1, is_integer(L), L >= 0 ->
    substr_3(substr(String, S), L).

substr_3([C | String], L) when L > 0 -> [C | substr_3(String, L - 1)];
substr_3(String, 0) when is_list(String) -> [];
substr_3([], _) -> [].

sub_string(String, Start) -> substr(String, Start).

sub_string(String, Start, Stop) -> substr(String, Start, Stop - Start + 1).

tokens(S, Seps) ->
    case Seps of
        [] -> case S of [] -> []; _ -> [S] end;
        [C] -> tokens_single(lists:reverse(S), C, []);
        _ -> tokens_multi(lists:reverse(S), Seps, [])
    end.

%% Walk the reversed string so tokens come out in order.
tokens_single([C | S], C, Toks) -> tokens_single(S, C, Toks);
tokens_single([H | S], C, Toks) -> tokens_single_1(S, C, Toks, [H]);
tokens_single([], _, Toks) -> Toks.

tokens_single_1([C | S], C, Toks, Tok) -> tokens_single(S, C, [Tok | Toks]);
tokens_single_1([H | S], C, Toks, Tok) -> tokens_single_1(S, C, Toks, [H | Tok]);
tokens_single_1([], _, Toks, Tok) -> [Tok | Toks].

tokens_multi([H | S], Seps, Toks) ->
    case lists:member(H, Seps) of
        true -> tokens_multi(S, Seps, Toks);
        false -> tokens_multi_1(S, Seps, Toks, [H])
    end;
tokens_multi([], _, Toks) -> Toks.

tokens_multi_1([H | S], Seps, Toks, Tok) ->
    case lists:member(H, Seps) of
        true -> tokens_multi(S, Seps, [Tok | Toks]);
        false -> tokens_multi_1(S, Seps, Toks, [H | Tok])
    end;
tokens_multi_1([], _, Toks, Tok) -> [Tok | Toks].

join([], Sep) when is_list(Sep) -> [];
join([H | T], Sep) -> H ++ lists:append([Sep ++ X || X <- T]).

chars(C, N) -> chars(C, N, []).

chars(C, N, Tail) when is_integer(N), N > 0 -> chars(C, N - 1, [C | Tail]);
chars(C, 0, Tail) when is_integer(C) -> Tail.

copies(CharList, Num) when is_list(CharList), is_integer(Num), Num >= 0 ->
    copies_1(CharList, Num).

copies_1(_, 0) -> [];
copies_1(CharList, Num) -> CharList ++ copies_1(CharList, Num - 1).

words(String) -> words(String, $\s).

words(String, Char) when is_integer(Char) ->
    words_1(strip(String, both, Char), Char, 0).

words_1([Char | Rest], Char, Num) ->
    words_1(strip(Rest, left, Char), Char, Num + 1);
words_1([_ | Rest], Char, Num) -> words_1(Rest, Char, Num);
words_1([], _, Num) -> Num + 1.

sub_word(String, Index) -> sub_word(String, Index, $\s).

sub_word(String, Index, Char) when is_integer(Index), is_integer(Char) ->
    case words(String, Char) of
        Num when Num < Index -> [];
        _ -> sub_word_1(strip(String, left, Char), Index, Char)
    end.

sub_word_1(String, 1, Char) -> lists:takewhile(fun(C) -> C =/= Char end, String);
sub_word_1([Char | Rest], Index, Char) -> sub_word_1(strip(Rest, left, Char), Index - 1, Char);
sub_word_1([_ | Rest], Index, Char) -> sub_word_1(Rest, Index, Char).

strip(String) -> strip(String, both).

strip(String, Dir) -> strip(String, Dir, $\s).

strip(String, left, Char) when is_integer(Char) -> strip_left(String, Char);
strip(String, right, Char) when is_integer(Char) -> strip_right(String, Char);
strip(String, both, Char) when is_integer(Char) -> strip_right(strip_left(String, Char), Char).

strip_left([Char | String], Char) -> strip_left(String, Char);
strip_left(String, _) when is_list(String) -> String.

strip_right(String, Char) -> lists:reverse(strip_left(lists:reverse(String), Char)).

left(String, Len) -> left(String, Len, $\s).

left(String, Len, Char) when is_integer(Char) ->
    SLen = erlang:length(String),
    if
        SLen > Len -> substr(String, 1, Len);
        SLen < Len -> String ++ chars(Char, Len - SLen);
        true -> String
    end.

right(String, Len) -> right(String, Len, $\s).

right(String, Len, Char) when is_integer(Char) ->
    SLen = erlang:length(String),
    if
        SLen > Len -> substr(String, SLen - Len + 1);
        SLen < Len -> chars(Char, Len - SLen, String);
        true -> String
    end.

centre(String, Len) -> centre(String, Len, $\s).

centre(String, 0, _) when is_list(String) -> [];
centre(String, Len, Char) when is_integer(Char) ->
    SLen = erlang:length(String),
    if
        SLen > Len -> substr(String, (SLen - Len) div 2 + 1, Len);
        SLen < Len ->
            N = (Len - SLen) div 2,
            chars(Char, N, String ++ chars(Char, Len - SLen - N));
        true -> String
    end.

to_lower(S) when is_list(S) -> [to_lower_char(C) || C <- S];
to_lower(C) when is_integer(C) -> to_lower_char(C).

to_upper(S) when is_list(S) -> [to_upper_char(C) || C <- S];
to_upper(C) when is_integer(C) -> to_upper_char(C).

%% ISO 8859-1 only.
to_lower_char(C) when is_integer(C), C >= $A, C =< $Z -> C + 32;
to_lower_char(C) when is_integer(C), C >= 16#C0, C =< 16#D6 -> C + 32;
to_lower_char(C) when is_integer(C), C >= 16#D8, C =< 16#DE -> C + 32;
to_lower_char(C) -> C.

to_upper_char(C) when is_integer(C), C >= $a, C =< $z -> C - 32;
to_upper_char(C) when is_integer(C), C >= 16#E0, C =< 16#F6 -> C - 32;
to_upper_char(C) when is_integer(C), C >= 16#F8, C =< 16#FE -> C - 32;
to_upper_char(C) -> C.

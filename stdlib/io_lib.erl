%% io_lib: the OTP 25 `io_lib' functions Girder provides, written from
%% their documented behaviour.
%%
%% format/2 is a BIF (vm, C++); the rest is Erlang: fwrite/2,3 and
%% format/3 (options are ignored), write/1,2, print/1,4 (via format/2 with
%% ~w/~W/~p/~P), write_atom/1, write_string/1,2, write_char/1 and their
%% latin1/unicode variants, quote_atom/2, the printable_* and *char_list
%% predicates, nl/0, indentation/2 and chars_length/1.
%%
%% Deviations from OTP:
%%  * write/1,2 and print/1,4 return a flat character list (OTP returns a
%%    deep one); the characters are the same. format/2 returns a deep list
%%    shaped like OTP's at the top level (each ~w/~p/~s result is one flat
%%    element).
%%  * format/3 and fwrite/3 ignore their options (e.g. chars_limit).
%%  * printable_list/1 always uses the latin1 printable range (OTP's
%%    default, changeable there with erl +pc unicode).
%%  * fread/2,3 are io_lib_fread's.
%%  * Not provided: scan_format, unscan_format, build_text,
%%    collect_*, get_until, limit_term, write_binary, format_prompt.
-module(io_lib).

-export([fread/2, fread/3]).
-export([char_list/1, chars_length/1, deep_char_list/1,
         deep_latin1_char_list/1, deep_unicode_char_list/1, format/2,
         format/3, fwrite/2, fwrite/3, indentation/2, latin1_char_list/1,
         nl/0, print/1, print/4, printable_latin1_list/1, printable_list/1,
         printable_unicode_list/1, quote_atom/2, write/1, write/2, write/3,
         write_atom/1, write_atom_as_latin1/1, write_char/1,
         write_char_as_latin1/1, write_latin1_char/1, write_latin1_string/1,
         write_latin1_string/2, write_string/1, write_string/2,
         write_string_as_latin1/1, write_string_as_latin1/2,
         write_unicode_char/1, write_unicode_string/1]).

format(Format, Args) ->
    %% The BIF (vm/bif_io.cpp) is what remote calls run; local calls in this
    %% module reach it through this remote call.
    io_lib:format(Format, Args).

format(Format, Args, _Options) -> format(Format, Args).

fwrite(Format, Args) -> format(Format, Args).

fread(Format, Chars) -> io_lib_fread:fread(Format, Chars).

fread(Cont, Chars, Format) -> io_lib_fread:fread(Cont, Chars, Format).

fwrite(Format, Args, Options) -> format(Format, Args, Options).

write(Term) -> lists:flatten(format("~w", [Term])).

write(Term, Depth) when is_integer(Depth) -> lists:flatten(format("~W", [Term, Depth]));
write(Term, Options) when is_list(Options) -> write(Term, write_depth(Options)).

write(Term, Depth, _Encoding) -> write(Term, Depth).

write_depth(Options) ->
    case lists:keyfind(depth, 1, Options) of
        {depth, D} -> D;
        false -> -1
    end.

print(Term) -> lists:flatten(format("~p", [Term])).

print(Term, _Column, _LineLength, Depth) -> lists:flatten(format("~P", [Term, Depth])).

nl() -> "\n".

%%% ---------------------------------------------------------------------
%%% Atoms
%%% ---------------------------------------------------------------------

write_atom(A) when is_atom(A) -> write_possibly_quoted_atom(A, fun write_string_chars/2).

write_atom_as_latin1(A) when is_atom(A) ->
    write_possibly_quoted_atom(A, fun write_latin1_escaped_chars/2).

write_possibly_quoted_atom(A, Writer) ->
    Chars = atom_to_list(A),
    case quote_atom(A, Chars) of
        true -> [$' | Writer(Chars, $')] ++ [$'];
        false -> Chars
    end.

%% true if the atom must be written quoted.
quote_atom(Atom, Chars) when is_atom(Atom) ->
    case Chars of
        [C | Cs] ->
            case is_atom_start(C) andalso name_chars(Cs) of
                true -> is_reserved(Atom);
                false -> true
            end;
        [] ->
            true
    end.

is_atom_start(C) when C >= $a, C =< $z -> true;
is_atom_start(C) when C >= 16#DF, C =< 16#FF, C =/= 16#F7 -> true;
is_atom_start(_) -> false.

name_chars([C | Cs]) ->
    case name_char(C) of
        true -> name_chars(Cs);
        false -> false
    end;
name_chars([]) -> true.

name_char(C) when C >= $a, C =< $z -> true;
name_char(C) when C >= $A, C =< $Z -> true;
name_char(C) when C >= $0, C =< $9 -> true;
name_char($_) -> true;
name_char($@) -> true;
name_char(C) when C >= 16#C0, C =< 16#FF, C =/= 16#D7, C =/= 16#F7 -> true;
name_char(_) -> false.

is_reserved(A) ->
    lists:member(A, ['after', 'and', 'andalso', 'band', 'begin', 'bnot', 'bor',
                     'bsl', 'bsr', 'bxor', 'case', 'catch', 'cond', 'div',
                     'end', 'fun', 'if', 'let', 'not', 'of', 'or', 'orelse',
                     'receive', 'rem', 'try', 'when', 'xor']).

%%% ---------------------------------------------------------------------
%%% Strings and characters
%%% ---------------------------------------------------------------------

write_string(S) -> write_string(S, $").

write_string(S, Q) -> [Q | write_string_chars(S, Q)] ++ [Q].

write_unicode_string(S) -> write_string(S).

write_latin1_string(S) -> write_latin1_string(S, $").

write_latin1_string(S, Q) ->
    case latin1_char_list(S) of
        true -> write_string(S, Q);
        false -> erlang:error(function_clause)
    end.

write_string_as_latin1(S) -> write_string_as_latin1(S, $").

write_string_as_latin1(S, Q) -> [Q | write_latin1_escaped_chars(S, Q)] ++ [Q].

write_string_chars([Q | Cs], Q) -> [$\\, Q | write_string_chars(Cs, Q)];
write_string_chars([C | Cs], Q) -> write_char_esc(C, write_string_chars(Cs, Q));
write_string_chars([], _) -> [].

%% As write_string_chars/2, but characters above 255 become \x{HEX}.
write_latin1_escaped_chars([Q | Cs], Q) -> [$\\, Q | write_latin1_escaped_chars(Cs, Q)];
write_latin1_escaped_chars([C | Cs], Q) when is_integer(C), C > 255 ->
    "\\x{" ++ erlang:integer_to_list(C, 16) ++ "}" ++ write_latin1_escaped_chars(Cs, Q);
write_latin1_escaped_chars([C | Cs], Q) -> write_char_esc(C, write_latin1_escaped_chars(Cs, Q));
write_latin1_escaped_chars([], _) -> [].

write_char_esc(C, Tail) when is_integer(C), C >= 0 ->
    case C of
        $\\ -> [$\\, $\\ | Tail];
        $\n -> [$\\, $n | Tail];
        $\r -> [$\\, $r | Tail];
        $\t -> [$\\, $t | Tail];
        $\v -> [$\\, $v | Tail];
        $\b -> [$\\, $b | Tail];
        $\f -> [$\\, $f | Tail];
        $\e -> [$\\, $e | Tail];
        127 -> [$\\, $d | Tail];
        _ when C < 32; C >= 128, C =< 159 ->
            [$\\, $0 + (C bsr 6), $0 + ((C bsr 3) band 7), $0 + (C band 7) | Tail];
        _ -> [C | Tail]
    end.

write_char($\s) -> "$\\s";
write_char(C) when is_integer(C), C >= 0 -> [$$ | write_char_esc(C, [])].

write_unicode_char(C) -> write_char(C).

write_latin1_char(C) when is_integer(C), C >= 0, C =< 255 -> [$$ | write_char_esc(C, [])].

write_char_as_latin1(C) when is_integer(C), C > 255 ->
    "$\\x{" ++ erlang:integer_to_list(C, 16) ++ "}";
write_char_as_latin1(C) when is_integer(C), C >= 0 -> [$$ | write_char_esc(C, [])].

%%% ---------------------------------------------------------------------
%%% Predicates
%%% ---------------------------------------------------------------------

char_list([C | Cs]) when is_integer(C), C >= 0, C < 16#D800;
                         is_integer(C), C > 16#DFFF, C < 16#FFFE;
                         is_integer(C), C > 16#FFFF, C =< 16#10FFFF ->
    char_list(Cs);
char_list([]) -> true;
char_list(_) -> false.

deep_char_list(Cs) -> deep_char_list(Cs, []).

deep_char_list([C | Cs], More) when is_list(C) -> deep_char_list(C, [Cs | More]);
deep_char_list([C | Cs], More) when is_integer(C), C >= 0, C < 16#D800;
                                    is_integer(C), C > 16#DFFF, C < 16#FFFE;
                                    is_integer(C), C > 16#FFFF, C =< 16#10FFFF ->
    deep_char_list(Cs, More);
deep_char_list([], [Cs | More]) -> deep_char_list(Cs, More);
deep_char_list([], []) -> true;
deep_char_list(_, _) -> false.

deep_unicode_char_list(Cs) -> deep_char_list(Cs).

latin1_char_list([C | Cs]) when is_integer(C), C >= 0, C =< 255 -> latin1_char_list(Cs);
latin1_char_list([]) -> true;
latin1_char_list(_) -> false.

deep_latin1_char_list(Cs) -> deep_latin1_char_list(Cs, []).

deep_latin1_char_list([C | Cs], More) when is_list(C) -> deep_latin1_char_list(C, [Cs | More]);
deep_latin1_char_list([C | Cs], More) when is_integer(C), C >= 0, C =< 255 ->
    deep_latin1_char_list(Cs, More);
deep_latin1_char_list([], [Cs | More]) -> deep_latin1_char_list(Cs, More);
deep_latin1_char_list([], []) -> true;
deep_latin1_char_list(_, _) -> false.

printable_list(L) -> printable_latin1_list(L).

printable_latin1_list([C | Cs]) when is_integer(C), C >= 32, C =< 126 -> printable_latin1_list(Cs);
printable_latin1_list([C | Cs]) when is_integer(C), C >= 160, C =< 255 -> printable_latin1_list(Cs);
printable_latin1_list([C | Cs]) when C =:= $\n; C =:= $\r; C =:= $\t; C =:= $\v;
                                     C =:= $\b; C =:= $\f; C =:= $\e ->
    printable_latin1_list(Cs);
printable_latin1_list([]) -> true;
printable_latin1_list(_) -> false.

printable_unicode_list([C | Cs]) when is_integer(C), C >= 32, C =< 126 -> printable_unicode_list(Cs);
printable_unicode_list([C | Cs]) when is_integer(C), C >= 160, C < 16#D800;
                                      is_integer(C), C > 16#DFFF, C < 16#FFFE;
                                      is_integer(C), C > 16#FFFF, C =< 16#10FFFF ->
    printable_unicode_list(Cs);
printable_unicode_list([C | Cs]) when C =:= $\n; C =:= $\r; C =:= $\t; C =:= $\v;
                                      C =:= $\b; C =:= $\f; C =:= $\e ->
    printable_unicode_list(Cs);
printable_unicode_list([]) -> true;
printable_unicode_list(_) -> false.

%%% ---------------------------------------------------------------------
%%% Misc
%%% ---------------------------------------------------------------------

%% The column after printing Chars starting at column Current (tabs stop
%% at multiples of 8, a newline resets the column).
indentation([$\n | Cs], _) -> indentation(Cs, 0);
indentation([$\t | Cs], I) -> indentation(Cs, ((I + 8) div 8) * 8);
indentation([C | Cs], I) when is_integer(C) -> indentation(Cs, I + 1);
indentation([C | Cs], I) -> indentation(Cs, indentation(C, I));
indentation([], I) -> I.

%% Like OTP, a binary counts as its byte size.
chars_length(S) when is_binary(S) -> byte_size(S);
chars_length([C | Cs]) when is_integer(C) -> 1 + chars_length(Cs);
chars_length([C | Cs]) -> chars_length(C) + chars_length(Cs);
chars_length([]) -> 0.

%% io_lib_fread: formatted input, io_lib:fread/2,3 and io:fread/2,3
%% (written for Girder from the documented behaviour of OTP 25's module of
%% that name).
%%
%% fread(Format, Chars) reads one string:
%%   {ok, Results, Rest} | {more, RestFormat, Nchars, InputStack} | {error, {fread, What}}
%% fread(Cont, Chars, Format) is what an I/O server applies for io:fread:
%% it works a line at a time. A line (up to and including "\n") is read
%% with fread/2; when the format is done the rest of the line goes back to
%% the I/O server (all of it, newline included, unless nothing is left but
%% the newline); when the line runs out first, the next line continues the
%% same format (white space in a format matches newlines too); after an
%% error the rest of the line is dropped.
%%
%% Directives: white space (any amount of white space, none included),
%% ~d ~u ~- ~# ~f ~s ~a ~c ~l ~~, with a field width, '*' to skip the value
%% and 't' for Unicode (accepted; characters are code points anyway).
-module(io_lib_fread).
-export([fread/2, fread/3]).

-record(line, {format, n = 0, results = []}).

%% --- the continuation form ---------------------------------------------------

fread([], Chars, Format) ->
    collect(#line{format = Format}, [], Chars);
fread({Line, Stack}, Chars, _Format) ->
    collect(Line, Stack, Chars).

%% Gather a line in Stack (reversed) until "\n" or the end of input.
collect(L, Stack, eof) ->
    line(L, lists:reverse(Stack), [], eof);
collect(L, Stack, Chars) when is_binary(Chars) ->
    case collect(L, Stack, unicode:characters_to_list(Chars)) of
        {done, Result, Rest} when is_list(Rest) -> {done, Result, unicode:characters_to_binary(Rest)};
        Other -> Other
    end;
collect(L, Stack, []) ->
    {more, {L, Stack}};
collect(L, [$\r | Stack], [$\n | More]) ->
    line(L, lists:reverse(Stack), "\r\n", More);
collect(L, Stack, [$\n | More]) ->
    line(L, lists:reverse(Stack), "\n", More);
collect(L, Stack, [C | More]) ->
    collect(L, [C | Stack], More).

line(#line{format = Format, n = N, results = Acc} = L, Chars, Newline, More) ->
    case Chars =:= [] andalso Newline =:= [] andalso More =:= eof of
        true when N =:= 0, Acc =:= [] ->
            {done, eof, eof};
        _ ->
            case read(Format, Chars, N, Acc) of
                {ok, Results, []} ->
                    {done, {ok, Results}, More};
                {ok, Results, Rest} ->
                    {done, {ok, Results}, rest(Rest ++ Newline, More)};
                {more, Format1, N1, Acc1} when More =:= eof ->
                    %% The input ended with the format unfinished.
                    case Acc1 of
                        [] when N1 =:= 0 -> {done, eof, eof};
                        _ -> {done, {error, {fread, input}}, eof}
                    end;
                {more, Format1, N1, Acc1} ->
                    collect(L#line{format = Format1, n = N1 + length(Newline), results = Acc1}, [], More);
                {error, _} = Error ->
                    {done, Error, More}
            end
    end.

rest(Rest, eof) -> Rest;
rest(Rest, More) -> Rest ++ More.

%% --- one string --------------------------------------------------------------

fread(Format, Chars) when is_binary(Chars) ->
    fread(Format, unicode:characters_to_list(Chars));
fread(Format, Chars) ->
    case read(Format, Chars, 0, []) of
        {more, Format1, N, Acc} -> {more, Format1, N, lists:reverse(Acc)};
        Other -> Other
    end.

%% read(Format, Input, CharsRead, ResultsReversed)
read([], Input, _N, Acc) ->
    {ok, lists:reverse(Acc), Input};
read([F | Format], Input, N, Acc) when F =:= $\s; F =:= $\t; F =:= $\n; F =:= $\r ->
    {Input1, Skipped} = skip_white(Input, 0),
    case Input1 of
        [] when Format =/= [] -> {more, [$\s | skip_format_white(Format)], N + Skipped, Acc};
        _ -> read(skip_format_white(Format), Input1, N + Skipped, Acc)
    end;
read([$~ | Format], Input, N, Acc) ->
    case directive(Format) of
        {ok, Dir, Format1} -> apply_directive(Dir, Format1, [$~ | Format], Input, N, Acc);
        error -> {error, {fread, format}}
    end;
read([F | Format], [F | Input], N, Acc) ->
    read(Format, Input, N + 1, Acc);
read([_ | _] = Format, [], N, Acc) ->
    {more, Format, N, Acc};
read(_, _, _, _) ->
    {error, {fread, input}}.

skip_format_white([F | Format]) when F =:= $\s; F =:= $\t; F =:= $\n; F =:= $\r -> skip_format_white(Format);
skip_format_white(Format) -> Format.

skip_white([C | Input], K) when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r; C =:= $\f; C =:= $\v ->
    skip_white(Input, K + 1);
skip_white(Input, K) -> {Input, K}.

%% ~[*][Width][t]Control
directive(Format) ->
    {Suppress, F1} = case Format of [$* | R] -> {true, R}; _ -> {false, Format} end,
    {Width, F2} = width(F1, none),
    F3 = case F2 of [$t | R3] -> R3; _ -> F2 end,
    case F3 of
        [C | F4] -> {ok, {C, Width, Suppress}, F4};
        [] -> error
    end.

width([D | R], W) when D >= $0, D =< $9 ->
    width(R, case W of none -> D - $0; _ -> W * 10 + D - $0 end);
width(R, W) -> {W, R}.

apply_directive({$~, _, _}, Format, _Whole, [$~ | Input], N, Acc) ->
    read(Format, Input, N + 1, Acc);
apply_directive({$~, _, _}, _Format, Whole, [], N, Acc) ->
    {more, Whole, N, Acc};
apply_directive({$l, _, S}, Format, _Whole, Input, N, Acc) ->
    read(Format, Input, N, keep(S, N, Acc));
apply_directive({$-, _, S}, Format, _Whole, Input, N, Acc) ->
    case Input of
        [$- | R] -> read(Format, R, N + 1, keep(S, -1, Acc));
        [$+ | R] -> read(Format, R, N + 1, keep(S, 1, Acc));
        _ -> read(Format, Input, N, keep(S, 1, Acc))
    end;
apply_directive({$c, W, S}, Format, Whole, Input, N, Acc) ->
    Count = case W of none -> 1; _ -> W end,
    case take(Input, Count) of
        {Chars, Rest} -> read(Format, Rest, N + Count, keep(S, Chars, Acc));
        short -> {more, Whole, N, Acc}
    end;
apply_directive({C, W, S}, Format, Whole, Input, N, Acc) ->
    {Input1, Skipped} = skip_white(Input, 0),
    case Input1 of
        [] ->
            {more, Whole, N + Skipped, Acc};
        _ ->
            {Field, Rest} = field(Input1, W),
            case convert(C, Field) of
                {ok, Value, Used} ->
                    Rest1 = lists:nthtail(Used, Field) ++ Rest,
                    read(Format, Rest1, N + Skipped + Used, keep(S, Value, Acc));
                error ->
                    {error, {fread, what(C)}}
            end
    end.

keep(true, _Value, Acc) -> Acc;
keep(false, Value, Acc) -> [Value | Acc].

take(Input, Count) -> take(Input, Count, []).
take(Input, 0, Acc) -> {lists:reverse(Acc), Input};
take([C | Input], K, Acc) -> take(Input, K - 1, [C | Acc]);
take([], _, _) -> short.

%% The characters a directive may use: up to Width, and never white space.
field(Input, W) -> field(Input, W, []).
field([C | R] = Input, W, Acc) when W =/= 0 ->
    case C =:= $\s orelse C =:= $\t orelse C =:= $\n orelse C =:= $\r of
        true -> {lists:reverse(Acc), Input};
        false -> field(R, dec(W), [C | Acc])
    end;
field(Input, _, Acc) -> {lists:reverse(Acc), Input}.

dec(none) -> none;
dec(W) -> W - 1.

what($d) -> integer;
what($u) -> unsigned;
what($#) -> based;
what($f) -> float;
what($s) -> string;
what($a) -> atom;
what(_) -> format.

%% {ok, Value, CharsUsed} | error
convert($s, Field) -> {ok, Field, length(Field)};
convert($a, Field) -> {ok, list_to_atom(Field), length(Field)};
convert($d, Field) ->
    case Field of
        [Sign | R] when Sign =:= $-; Sign =:= $+ ->
            case digits(R, 10) of
                {[], _} -> error;
                {Ds, _} ->
                    V = list_to_integer(Ds),
                    {ok, case Sign of $- -> -V; $+ -> V end, 1 + length(Ds)}
            end;
        _ ->
            case digits(Field, 10) of
                {[], _} -> error;
                {Ds, _} -> {ok, list_to_integer(Ds), length(Ds)}
            end
    end;
convert($u, Field) ->
    case digits(Field, 10) of
        {[], _} -> error;
        {Ds, _} -> {ok, list_to_integer(Ds), length(Ds)}
    end;
convert($#, Field) ->
    {Sign, F1, K} = case Field of
                        [$- | R] -> {-1, R, 1};
                        [$+ | R] -> {1, R, 1};
                        _ -> {1, Field, 0}
                    end,
    case digits(F1, 10) of
        {[_ | _] = BaseDs, [$# | R2]} ->
            Base = list_to_integer(BaseDs),
            case Base >= 2 andalso Base =< 36 andalso digits(R2, Base) of
                {[_ | _] = Ds, _} ->
                    {ok, Sign * list_to_integer(Ds, Base), K + length(BaseDs) + 1 + length(Ds)};
                _ -> error
            end;
        _ -> error
    end;
convert($f, Field) ->
    {Sign, F1, K} = case Field of
                        [$- | R] -> {"-", R, 1};
                        [$+ | R] -> {"", R, 1};
                        _ -> {"", Field, 0}
                    end,
    case digits(F1, 10) of
        {[_ | _] = Int, [$. | R2]} ->
            case digits(R2, 10) of
                {[_ | _] = Frac, R3} ->
                    {Exp, _} = exponent(R3),
                    Text = Sign ++ Int ++ "." ++ Frac ++ Exp,
                    {ok, list_to_float(Text), K + length(Int) + 1 + length(Frac) + length(Exp)};
                _ -> error
            end;
        _ -> error
    end;
convert(_, _) ->
    error.

exponent([E | R]) when E =:= $e; E =:= $E ->
    {Sign, R1} = case R of
                     [S | T] when S =:= $-; S =:= $+ -> {[S], T};
                     _ -> {[], R}
                 end,
    case digits(R1, 10) of
        {[_ | _] = Ds, Rest} -> {[E | Sign] ++ Ds, Rest};
        _ -> {[], [E | R]}
    end;
exponent(R) -> {[], R}.

digits(Chars, Base) -> digits(Chars, Base, []).
digits([C | R] = Chars, Base, Acc) ->
    case digit_value(C) of
        V when V < Base -> digits(R, Base, [C | Acc]);
        _ -> {lists:reverse(Acc), Chars}
    end;
digits([], _, Acc) -> {lists:reverse(Acc), []}.

digit_value(C) when C >= $0, C =< $9 -> C - $0;
digit_value(C) when C >= $a, C =< $z -> C - $a + 10;
digit_value(C) when C >= $A, C =< $Z -> C - $A + 10;
digit_value(_) -> 99.

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

-define(WHITE(C), (C =:= $\s orelse C =:= $\t orelse C =:= $\r orelse C =:= $\n)).

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
                    {done, {ok, Results}, rest([], More)};
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
%%
%% The rules, as OTP 25 applies them:
%%  * White space is " \t\r\n" (not \f or \v). White space in the format
%%    skips any amount of it in the input; when the input runs out there,
%%    the rest of the format (without that white space) is "more", unless
%%    nothing is left of the format.
%%  * A directive facing no input at all asks for more (all but ~l).
%%  * Without a field width, ~d ~f ~# ~s ~a skip white space first; when
%%    nothing but white space was left, ~s and ~a read "" and the numbers
%%    fail. ~u ~c ~- skip nothing.
%%  * With a field width W, exactly W characters are the field (fewer, or a
%%    newline among them, is an error); ~s and ~a strip white space from
%%    both ends of it, the numbers from its start, and a number must use
%%    all of the rest. For ~u the "width" is the base (2..36).
read([], Input, _N, Acc) ->
    {ok, lists:reverse(Acc), Input};
read([F | Format], Input, N, Acc) when ?WHITE(F) ->
    {Input1, Skipped} = skip_white(Input, 0),
    Format1 = skip_format_white(Format),
    case Input1 of
        [] when Format1 =/= [] -> {more, Format1, N + Skipped, Acc};
        _ -> read(Format1, Input1, N + Skipped, Acc)
    end;
read([$~ | Format], Input, N, Acc) ->
    case directive(Format) of
        {ok, {$l, _, S}, Format1} -> read(Format1, Input, N, keep(S, N, Acc));
        _ when Input =:= [] -> {more, [$~ | Format], N, Acc};
        {ok, Dir, Format1} -> apply_directive(Dir, Format1, Input, N, Acc);
        error -> {error, {fread, format}}
    end;
read([F | Format], [F | Input], N, Acc) ->
    read(Format, Input, N + 1, Acc);
read([_ | _] = Format, [], N, Acc) ->
    {more, Format, N, Acc};
read(_, _, _, _) ->
    {error, {fread, input}}.

skip_format_white([F | Format]) when ?WHITE(F) -> skip_format_white(Format);
skip_format_white(Format) -> Format.

skip_white([C | Input], K) when ?WHITE(C) -> skip_white(Input, K + 1);
skip_white(Input, K) -> {Input, K}.

%% ~[*][Width][t]Control
directive(Format) ->
    {Suppress, F1} = case Format of [$* | R] -> {true, R}; _ -> {false, Format} end,
    {Width, F2} = width(F1, none),
    F3 = case F2 of [$t | R3] -> R3; _ -> F2 end,
    case F3 of
        [$u | _] when Width =/= none, (Width < 2 orelse Width > 36) -> error;
        [C | F4] -> case lists:member(C, "~dufsac-#l") of
                        true -> {ok, {C, Width, Suppress}, F4};
                        false -> error
                    end;
        [] -> error
    end.

width([D | R], W) when D >= $0, D =< $9 ->
    width(R, case W of none -> D - $0; _ -> W * 10 + D - $0 end);
width(R, W) -> {W, R}.

apply_directive({$~, _, _}, Format, [$~ | Input], N, Acc) ->
    read(Format, Input, N + 1, Acc);
apply_directive({$~, _, _}, _Format, _Input, _N, _Acc) ->
    {error, {fread, format}};
apply_directive({$-, _, S}, Format, Input, N, Acc) ->
    case Input of
        [$- | R] -> read(Format, R, N + 1, keep(S, -1, Acc));
        [$+ | R] -> read(Format, R, N + 1, keep(S, 1, Acc));
        _ -> read(Format, Input, N, keep(S, 1, Acc))
    end;
apply_directive({$c, W, S}, Format, Input, N, Acc) ->
    Count = case W of none -> 1; _ -> W end,
    case take(Input, Count) of
        {Chars, Rest} -> read(Format, Rest, N + Count, keep(S, Chars, Acc));
        short -> {error, {fread, character}}
    end;
apply_directive({$u, W, S}, Format, Input, N, Acc) ->
    Base = case W of none -> 10; _ -> W end,
    %% Decimal digits are taken whatever the base (one past it is an
    %% error), letters only as far as the base allows.
    {Ds, Rest} = lists:splitwith(fun(C) -> (C >= $0 andalso C =< $9) orelse digit_value(C) < Base end, Input),
    case Ds =/= [] andalso lists:all(fun(C) -> digit_value(C) < Base end, Ds) of
        true -> read(Format, Rest, N + length(Ds), keep(S, list_to_integer(Ds, Base), Acc));
        false -> {error, {fread, unsigned}}
    end;
apply_directive({C, none, S}, Format, Input, N, Acc) ->
    {Input1, Skipped} = skip_white(Input, 0),
    {Field, Rest} = field(Input1),
    case convert(C, Field) of
        {ok, Value, Used} ->
            Rest1 = lists:nthtail(Used, Field) ++ Rest,
            read(Format, Rest1, N + Skipped + Used, keep(S, Value, Acc));
        error ->
            {error, {fread, what(C)}}
    end;
apply_directive({C, W, S}, Format, Input, N, Acc) ->
    case take(Input, W) of
        {Field, Rest} ->
            Field1 = case C =:= $s orelse C =:= $a of
                         true -> strip_white(Field);
                         false -> element(1, skip_white(Field, 0))
                     end,
            case convert(C, Field1) of
                {ok, Value, Used} when Used =:= length(Field1) ->
                    read(Format, Rest, N + W, keep(S, Value, Acc));
                _ ->
                    {error, {fread, what(C)}}
            end;
        short ->
            {error, {fread, what(C)}}
    end.

keep(true, _Value, Acc) -> Acc;
keep(false, Value, Acc) -> [Value | Acc].

strip_white(Chars) ->
    {Chars1, _} = skip_white(Chars, 0),
    {RChars, _} = skip_white(lists:reverse(Chars1), 0),
    lists:reverse(RChars).

%% Count characters, none of them a newline (a field never crosses a line).
take(Input, Count) -> take(Input, Count, []).
take(Input, 0, Acc) -> {lists:reverse(Acc), Input};
take([C | Input], K, Acc) when C =/= $\n -> take(Input, K - 1, [C | Acc]);
take(_, _, _) -> short.

%% The characters a directive may use without a width: up to white space.
field(Input) -> lists:splitwith(fun(C) -> not ?WHITE(C) end, Input).

what($d) -> integer;
what($#) -> based;
what($f) -> float;
what($s) -> string;
what($a) -> atom;
what($c) -> character;
what(_) -> format.

%% {ok, Value, CharsUsed} | error
convert($s, Field) -> {ok, Field, length(Field)};
convert($a, Field) -> {ok, list_to_atom(Field), length(Field)};
convert($d, Field) ->
    {Sign, F1, K} = sign(Field),
    case digits(F1, 10) of
        {[], _} -> error;
        {Ds, _} -> {ok, Sign * list_to_integer(Ds), K + length(Ds)}
    end;
convert($#, Field) ->
    {Sign, F1, K} = sign(Field),
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
    {Sign, F1, K} = sign(Field),
    case digits(F1, 10) of
        {[_ | _] = Int, [$. | R2]} ->
            case digits(R2, 10) of
                {[_ | _] = Frac, R3} ->
                    case exponent(R3) of
                        {ok, Exp} ->
                            Text = Int ++ "." ++ Frac ++ Exp,
                            {ok, Sign * list_to_float(Text), K + length(Int) + 1 + length(Frac) + length(Exp)};
                        error -> error
                    end;
                _ -> error
            end;
        _ -> error
    end;
convert(_, _) ->
    error.

sign([$- | R]) -> {-1, R, 1};
sign([$+ | R]) -> {1, R, 1};
sign(Field) -> {1, Field, 0}.

%% An exponent, if there is an "e", must be whole.
exponent([E | R]) when E =:= $e; E =:= $E ->
    {Sign, R1} = case R of
                     [S | T] when S =:= $-; S =:= $+ -> {[S], T};
                     _ -> {[], R}
                 end,
    case digits(R1, 10) of
        {[_ | _] = Ds, _} -> {ok, [E | Sign] ++ Ds};
        _ -> error
    end;
exponent(_) -> {ok, []}.

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

%% girder_read: reading Erlang terms from text, for io:read/1,2,3 and
%% file:consult/1 (OTP does this with erl_scan:tokens/3 and
%% erl_parse:parse_term/1).
%%
%% collect/3 is the function an I/O server applies in a get_until request:
%% it cuts one term's text out of the characters it is fed, up to the '.'
%% that ends it (a '.' followed by white space, a '%' or the end of input;
%% the white space character after it is consumed, as erl_scan does),
%% keeping track of strings, quoted atoms, character literals and
%% comments, which may hold a '.' of their own. The text then goes to
%% girder:parse_term/2, the compiler's scanner and parser, which gives
%% OTP's answers and error descriptors.
%%
%% collect(Cont, Chars, Line) -> {more, Cont} | {done, Result, Rest}
%%   Chars: a list of characters, a UTF-8 binary (an I/O server in binary
%%   mode) or eof. Rest has the same form as Chars.
%%   Result: {term, Text, StartLine, EndLine} | {eof, EndLine}.
-module(girder_read).
-export([collect/3, parse/2, read_all/2]).

-record(c, {state = normal,   % normal | dot | comment | char | char_esc | {string, Q} | {string_esc, Q}
            acc = [],         % the text so far, reversed
            prev = 0,         % the previous character in the normal state
            seen = false,     % a character outside white space and comments
            line,             % where the term starts
            lines = 0}).      % newlines taken so far

collect([], Chars, Line) ->
    collect(#c{line = Line}, Chars, Line);
collect(#c{} = C, eof, _Line) ->
    at_eof(C);
collect(#c{} = C, Chars, _Line) when is_binary(Chars) ->
    case scan(C, unicode:characters_to_list(Chars)) of
        {done, Result, Rest} when is_list(Rest) -> {done, Result, unicode:characters_to_binary(Rest)};
        Other -> Other
    end;
collect(#c{} = C, Chars, _Line) when is_list(Chars) ->
    scan(C, Chars).

at_eof(#c{state = dot} = C) -> term(C, eof);
at_eof(#c{seen = false, line = L, lines = N}) -> {done, {eof, L + N}, eof};
at_eof(C) -> term(C, eof).

term(#c{acc = Acc, line = L, lines = N}, Rest) ->
    {done, {term, lists:reverse(Acc), L, L + N}, Rest}.

scan(C, []) ->
    {more, C};
scan(#c{state = normal} = C, [Ch | Rest]) ->
    normal(C, Ch, Rest);
scan(#c{state = dot} = C, [Ch | Rest] = All) ->
    if
        Ch =:= $\s; Ch =:= $\t; Ch =:= $\r; Ch =:= $\f; Ch =:= $\v; Ch =:= $\n ->
            Lines = case Ch of $\n -> 1; _ -> 0 end,
            term(C#c{lines = C#c.lines + Lines}, Rest);
        Ch =:= $% ->
            term(C, All);
        true ->
            %% Not the end: a '.' inside the term (a float, a.b, ...).
            normal(C#c{state = normal}, Ch, Rest)
    end;
scan(#c{state = comment} = C, [Ch | Rest]) ->
    case Ch of
        $\n -> scan(add(C#c{state = normal, prev = $\n}, Ch), Rest);
        _ -> scan(add(C, Ch), Rest)
    end;
scan(#c{state = char} = C, [Ch | Rest]) ->
    State = case Ch of $\\ -> char_esc; _ -> normal end,
    scan(add(C#c{state = State, prev = Ch}, Ch), Rest);
scan(#c{state = char_esc} = C, [Ch | Rest]) ->
    scan(add(C#c{state = normal, prev = Ch}, Ch), Rest);
scan(#c{state = {string, Q}} = C, [Ch | Rest]) ->
    State = if
                Ch =:= $\\ -> {string_esc, Q};
                Ch =:= Q -> normal;
                true -> {string, Q}
            end,
    scan(add(C#c{state = State, prev = Ch}, Ch), Rest);
scan(#c{state = {string_esc, Q}} = C, [Ch | Rest]) ->
    scan(add(C#c{state = {string, Q}}, Ch), Rest).

normal(C, Ch, Rest) ->
    case Ch of
        $. when C#c.prev =/= $. ->
            scan(add(C#c{state = dot, prev = $., seen = true}, Ch), Rest);
        $% ->
            scan(add(C#c{state = comment}, Ch), Rest);
        $" ->
            scan(add(C#c{state = {string, $"}, seen = true}, Ch), Rest);
        $' ->
            scan(add(C#c{state = {string, $'}, seen = true}, Ch), Rest);
        $$ ->
            scan(add(C#c{state = char, seen = true}, Ch), Rest);
        _ when Ch =:= $\s; Ch =:= $\t; Ch =:= $\r; Ch =:= $\n; Ch =:= $\f; Ch =:= $\v ->
            scan(add(C#c{prev = Ch}, Ch), Rest);
        _ ->
            scan(add(C#c{prev = Ch, seen = true}, Ch), Rest)
    end.

add(#c{acc = Acc, lines = N} = C, $\n) -> C#c{acc = [$\n | Acc], lines = N + 1};
add(#c{acc = Acc} = C, Ch) -> C#c{acc = [Ch | Acc]}.

%% The term a collected text holds: {ok, Term} | eof | {error, ErrorInfo}.
parse(Text, Line) ->
    girder:parse_term(Text, Line).

%% Every term of a text (file:consult/1): {ok, Terms} | {error, ErrorInfo}.
read_all(Chars, Line) ->
    read_all(Chars, Line, []).

read_all(Chars, Line, Acc) ->
    case collect([], Chars, Line) of
        {more, C} ->
            read_next(collect(C, eof, Line), Acc);
        Done ->
            read_next(Done, Acc)
    end.

read_next({done, {eof, _}, _}, Acc) ->
    {ok, lists:reverse(Acc)};
read_next({done, {term, Text, Start, End}, Rest}, Acc) ->
    case parse(Text, Start) of
        {ok, Term} when Rest =:= eof -> {ok, lists:reverse([Term | Acc])};
        {ok, Term} -> read_all(Rest, End, [Term | Acc]);
        eof when Rest =:= eof -> {ok, lists:reverse(Acc)};
        eof -> read_all(Rest, End, Acc);
        {error, _} = Error -> Error
    end.

%% logger_formatter: OTP 25's default formatter for logger handlers.
%%
%% format(Event, Config) returns chardata laid out by the template:
%%   * an atom: that metadata key (level, msg, time, pid, mfa, file, line...),
%%     nothing when the event has no such key;
%%   * a list of atoms: a path into nested metadata maps;
%%   * {Key, IfExists, Else}: the IfExists template when Key is there,
%%     Else when it is not;
%%   * a string: itself.
%% The default template is [time, " ", level, ": ", msg, "\n"] (single_line)
%% or [time, " ", level, ":\n", msg, "\n"], and with legacy_header the
%% "=ERROR REPORT==== 13-Feb-2009::23:31:30.123456 ===" header, the
%% message and a newline. single_line (the default) prints ~p without line
%% breaks, trims the message and turns every line break in it, with the
%% comma before it and the blanks after it, into ", ".
%%
%% Not there: chars_limit (Girder's io_lib:format/3 ignores it; max_size
%% still cuts the message).
-module(logger_formatter).
-export([format/2, check_config/1]).

-define(KEYS, [chars_limit, depth, legacy_header, max_size, report_cb, single_line,
               template, time_designator, time_offset]).

format(#{level := Level, msg := Msg, meta := Meta}, Config0) when is_map(Config0) ->
    Config = maps:merge(defaults(), Config0),
    case maps:find(template, Config0) of
        {ok, Template} -> [item(I, Level, Msg, Meta, Config) || I <- Template];
        error when map_get(legacy_header, Config) ->
            [header(Level, Meta, Config), "\n", message(Msg, Meta, Config), "\n"];
        error -> [item(I, Level, Msg, Meta, Config) || I <- default_template(Config)]
    end.

defaults() ->
    #{chars_limit => unlimited, depth => unlimited, legacy_header => false,
      max_size => unlimited, single_line => true, time_designator => $T, time_offset => ""}.

default_template(#{single_line := true}) ->
    [time, " ", level, ": ", msg, "\n"];
default_template(_) ->
    [time, " ", level, ":\n", msg, "\n"].

item(msg, _Level, Msg, Meta, Config) ->
    message(Msg, Meta, Config);
item(level, Level, _Msg, _Meta, _Config) ->
    atom_to_list(Level);
item(time, _Level, _Msg, Meta, Config) ->
    case maps:find(time, Meta) of
        {ok, T} -> rfc3339(T, Config);
        error -> ""
    end;
item(Key, _Level, _Msg, Meta, _Config) when is_atom(Key) ->
    case maps:find(Key, Meta) of
        {ok, V} -> value(Key, V);
        error -> ""
    end;
item([K | _] = Path, _Level, _Msg, Meta, _Config) when is_atom(K) ->
    case path(Path, Meta) of
        {ok, V} -> value(lists:last(Path), V);
        error -> ""
    end;
item({Key, IfExists, Else}, Level, Msg, Meta, Config) ->
    Present = case Key of
                  [_ | _] -> path(Key, Meta) =/= error;
                  _ -> maps:is_key(Key, Meta)
              end,
    Branch = case Present of
                 true -> IfExists;
                 false -> Else
             end,
    [item(I, Level, Msg, Meta, Config) || I <- Branch];
item(String, _Level, _Msg, _Meta, _Config) when is_list(String); is_binary(String) ->
    String;
item(Other, _Level, _Msg, _Meta, _Config) ->
    Other.  % as OTP's formatter: passed through as it is

path([K], Meta) when is_map(Meta) -> maps:find(K, Meta);
path([K | Rest], Meta) when is_map(Meta) ->
    case maps:find(K, Meta) of
        {ok, Sub} -> path(Rest, Sub);
        error -> error
    end;
path(_, _) -> error.

value(mfa, {M, F, A}) when is_atom(M), is_atom(F), is_integer(A) ->
    io_lib:format("~tw:~tw/~w", [M, F, A]);
value(mfa, {M, F, A}) when is_atom(M), is_atom(F), is_list(A) ->
    io_lib:format("~tw:~tw/~w", [M, F, length(A)]);
value(_Key, V) when is_pid(V) -> pid_to_list(V);
value(_Key, V) when is_atom(V) -> atom_to_list(V);
value(_Key, V) when is_integer(V) -> integer_to_list(V);
value(_Key, V) when is_list(V), V =/= [] ->
    case io_lib:printable_unicode_list(V) of
        true -> V;
        false -> io_lib:format("~tp", [V])
    end;
value(_Key, V) -> io_lib:format("~tp", [V]).

%%% ---------------------------------------------------------------------
%%% The message
%%% ---------------------------------------------------------------------

message(Msg, Meta, #{single_line := Single, max_size := Max} = Config) ->
    Text = try text(Msg, Meta, Config)
           catch _:_ -> format_error(Msg)
           end,
    Flat = unicode:characters_to_list(Text),
    Line = case Single of
               true -> one_line(string:trim(Flat));
               false -> Flat
           end,
    cut(Line, Max).

text({string, S}, _Meta, _Config) ->
    S;
text({report, Report}, Meta, Config) ->
    Cb = case maps:find(report_cb, Meta) of
             {ok, F} -> F;
             error -> maps:get(report_cb, Config, fun logger:format_report/1)
         end,
    if is_function(Cb, 1) ->
           {Format, Args} = Cb(Report),
           formatted(Format, Args, Config);
       is_function(Cb, 2) ->
           Cb(Report, #{depth => maps:get(depth, Config), chars_limit => maps:get(chars_limit, Config),
                        single_line => maps:get(single_line, Config)})
    end;
text({Format, Args}, _Meta, Config) ->
    formatted(Format, Args, Config).

formatted(Format0, Args0, #{single_line := Single, depth := Depth}) ->
    Format = case is_atom(Format0) of
                 true -> atom_to_list(Format0);
                 false -> unicode:characters_to_list(Format0)
             end,
    {Format1, Args1} = reformat(Format, Args0, Single, Depth),
    case catch io_lib:format(Format1, Args1) of
        {'EXIT', _} -> erlang:error(format);
        Chars -> Chars
    end.

format_error({Format, Args}) ->
    io_lib:format("FORMAT ERROR: ~tp - ~tp", [Format, Args]);
format_error(Msg) ->
    io_lib:format("FORMAT ERROR: ~tp", [Msg]).

%% Single line: ~p and ~P get field width 0 (no line breaks). A depth:
%% ~p becomes ~P and ~w ~W, with the depth as an extra argument.
reformat(Format, Args, Single, Depth) ->
    reformat(Format, Args, Single, Depth, [], []).

reformat([], Args, _S, _D, F, A) ->
    {lists:reverse(F), lists:reverse(A, Args)};
reformat([$~ | Rest], Args, S, D, F, A) ->
    {Directive, After} = directive(Rest),
    {Dir1, Used, Args1} = rewrite(Directive, Args, S, D),
    reformat(After, Args1, S, D, lists:reverse([$~ | Dir1], F), lists:reverse(Used, A));
reformat([C | Rest], Args, S, D, F, A) ->
    reformat(Rest, Args, S, D, [C | F], A).

%% The characters of one control sequence after '~', up to its letter:
%% field width, precision and pad character (any character), then the
%% t, l, k and K modifiers.
directive(S) ->
    {Width, S1} = digits(S),
    {Prec, S2} = case S1 of
                     [$. | T1] ->
                         {P, T2} = digits(T1),
                         case T2 of
                             [$., Pad | T3] -> {[$. | P] ++ [$., Pad], T3};
                             _ -> {[$. | P], T2}
                         end;
                     _ -> {"", S1}
                 end,
    {Mods, S3} = lists:splitwith(fun(C) -> lists:member(C, "tlkK") end, S2),
    case S3 of
        [Letter | Rest] -> {Width ++ Prec ++ Mods ++ [Letter], Rest};
        [] -> {Width ++ Prec ++ Mods, []}
    end.

digits([$- | Rest]) ->
    {D, T} = digits(Rest),
    {[$- | D], T};
digits([$* | Rest]) -> {"*", Rest};
digits(S) -> lists:splitwith(fun(C) -> C >= $0 andalso C =< $9 end, S).

%% {Directive, Arguments it takes, Remaining arguments}
rewrite(Dir, Args, Single, Depth) ->
    Letter = lists:last(Dir),
    Mods = lists:droplast(Dir),
    Stars = length([$* || $* <- Mods]),
    Takes = case Letter of
                $n -> 0;
                $~ -> 0;
                $i -> 1;
                L when L =:= $W; L =:= $P; L =:= $X; L =:= $x -> 2;
                _ -> 1
            end,
    N = min(length(Args), Takes + Stars),
    {Used, Rest} = lists:split(N, Args),
    Mods1 = case Single andalso (Letter =:= $p orelse Letter =:= $P) andalso no_width(Mods) of
                true -> "0" ++ Mods;
                false -> Mods
            end,
    case {Letter, Depth} of
        {$p, D} when is_integer(D) -> {Mods1 ++ "P", Used ++ [D], Rest};
        {$w, D} when is_integer(D) -> {Mods1 ++ "W", Used ++ [D], Rest};
        _ -> {Mods1 ++ [Letter], Used, Rest}
    end.

no_width([C | _]) when C >= $0, C =< $9 -> false;
no_width([$* | _]) -> false;
no_width(_) -> true.

%% ",?\r?\n *" becomes ", ".
one_line(S) -> one_line(S, []).

one_line([$, | Rest], Acc) ->
    case line_break(Rest) of
        {true, After} -> one_line(After, [$\s, $, | Acc]);
        false -> one_line(Rest, [$, | Acc])
    end;
one_line([C | Rest] = S, Acc) when C =:= $\r; C =:= $\n ->
    case line_break(S) of
        {true, After} -> one_line(After, [$\s, $, | Acc]);
        false -> one_line(Rest, [C | Acc])
    end;
one_line([C | Rest], Acc) -> one_line(Rest, [C | Acc]);
one_line([], Acc) -> lists:reverse(Acc).

line_break([$\r, $\n | Rest]) -> {true, skip_spaces(Rest)};
line_break([$\n | Rest]) -> {true, skip_spaces(Rest)};
line_break(_) -> false.

skip_spaces([$\s | Rest]) -> skip_spaces(Rest);
skip_spaces(S) -> S.

cut(S, unlimited) -> S;
cut(S, Max) when is_integer(Max), length(S) > Max, Max > 3 -> lists:sublist(S, Max - 3) ++ "...";
cut(S, _) -> S.

%%% ---------------------------------------------------------------------
%%% Time
%%% ---------------------------------------------------------------------

rfc3339(T, #{time_offset := Offset, time_designator := D}) ->
    Opts = [{unit, microsecond}, {time_designator, D}] ++
           case Offset of
               "" -> [];
               _ -> [{offset, Offset}]
           end,
    calendar:system_time_to_rfc3339(T, Opts).

%% "=ERROR REPORT==== 13-Feb-2009::23:31:30.123456 ===", local time unless
%% time_offset says otherwise ("Z" adds " UTC").
header(Level, Meta, #{time_offset := Offset}) ->
    T = maps:get(time, Meta, logger:timestamp()),
    {Local, Suffix} = case Offset of
                          "" -> {calendar:system_time_to_local_time(T, microsecond), ""};
                          "Z" -> {calendar:system_time_to_universal_time(T, microsecond), " UTC"};
                          _ -> {calendar:system_time_to_local_time(T, microsecond), ""}
                      end,
    {{Y, Mo, Day}, {H, Mi, S}} = Local,
    Month = element(Mo, {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}),
    Title = string:uppercase(atom_to_list(Level)) ++ " REPORT",
    io_lib:format("=~s==== ~w-~s-~4..0w::~2..0w:~2..0w:~2..0w.~6..0w~s ===",
                  [Title, Day, Month, Y, H, Mi, S, T rem 1000000, Suffix]).

%%% ---------------------------------------------------------------------
%%% Configuration
%%% ---------------------------------------------------------------------

check_config(Config) when is_map(Config) ->
    check(maps:to_list(Config));
check_config(Config) ->
    {error, {invalid_formatter_config, logger_formatter, Config}}.

check([]) -> ok;
check([{template, T} | Rest]) ->
    case is_list(T) of
        true -> check(Rest);
        false -> {error, {invalid_formatter_template, logger_formatter, T}}
    end;
check([{Key, V} = KV | Rest]) ->
    Ok = case Key of
             legacy_header -> is_boolean(V);
             single_line -> is_boolean(V);
             chars_limit -> V =:= unlimited orelse (is_integer(V) andalso V > 0);
             depth -> V =:= unlimited orelse (is_integer(V) andalso V > 0);
             max_size -> V =:= unlimited orelse (is_integer(V) andalso V > 0);
             report_cb -> is_function(V, 1) orelse is_function(V, 2);
             time_designator -> is_integer(V);
             time_offset -> is_integer(V) orelse is_list(V);
             _ -> false
         end,
    case Ok andalso lists:member(Key, ?KEYS) of
        true -> check(Rest);
        false -> {error, {invalid_formatter_config, logger_formatter, KV}}
    end.

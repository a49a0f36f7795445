%% compile: Girder's own compiler at run time (compile:file/1,2), with
%% OTP's options and return shapes. The module file it writes or returns is
%% Girder's format (.gbc), which code:load_binary/3 and the code path load.
-module(compile).
-export([file/1, file/2, noenv_file/2, format_error/1]).

file(File) ->
    file(File, [verbose, report_errors, report_warnings]).

noenv_file(File, Options) ->
    file(File, Options).

file(File, Options) when is_atom(Options) ->
    file(File, [Options]);
file(File, Options) when is_list(Options) ->
    Source = source_name(to_list(File)),
    Includes = [to_list(D) || {i, D} <- Options] ++ [filename:dirname(Source)],
    Defines = [define(D) || D <- Options, is_define(D)],
    Result = girder:compile_file(Source, Includes, Defines),
    ReturnErrors = member(return_errors, Options) orelse member(return, Options),
    ReturnWarnings = member(return_warnings, Options) orelse member(return, Options),
    Report = member(report_errors, Options) orelse member(report, Options),
    case Result of
        {ok, Module, Binary} ->
            Ok = case member(binary, Options) of
                     true -> {ok, Module, Binary};
                     false -> write(Module, Binary, Options, Source)
                 end,
            case {Ok, ReturnWarnings} of
                {{ok, _}, true} -> erlang:append_element(Ok, []);
                {{ok, _, _}, true} -> erlang:append_element(Ok, []);
                _ -> Ok
            end;
        {error, Errors} ->
            Report andalso report(Errors),
            case ReturnErrors of
                true -> {error, Errors, []};
                false -> error
            end
    end.

write(Module, Binary, Options, Source) ->
    Dir = case [D || {outdir, D} <- Options] of
              [D | _] -> to_list(D);
              [] -> filename:dirname(Source)
          end,
    Out = filename:join(Dir, atom_to_list(Module) ++ ".gbc"),
    case file:write_file(Out, Binary) of
        ok -> {ok, Module};
        {error, Reason} ->
            io:format("~ts: cannot write: ~p~n", [Out, Reason]),
            error
    end.

report(Errors) ->
    [io:format("~ts:~w:~w: ~ts~n", [File, Line, Col, Message])
     || {File, Items} <- Errors, {{Line, Col}, _Mod, Message} <- Items],
    ok.

format_error(Message) when is_list(Message) -> Message;
format_error(Other) -> io_lib:format("~p", [Other]).

source_name(File) ->
    case filename:extension(File) of
        ".erl" -> File;
        _ -> File ++ ".erl"
    end.

is_define({d, _}) -> true;
is_define({d, _, _}) -> true;
is_define(_) -> false.

define({d, Name}) -> {to_list(Name), ""};
define({d, Name, Value}) -> {to_list(Name), lists:flatten(io_lib:format("~w", [Value]))}.

member(X, L) -> lists:member(X, L).

to_list(X) when is_atom(X) -> atom_to_list(X);
to_list(X) when is_binary(X) -> binary_to_list(X);
to_list(X) -> X.

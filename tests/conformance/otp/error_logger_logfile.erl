%% error_logger:logfile/1 against OTP 25: open, filename, close and their
%% errors, and the text written to the file for each kind of report (the
%% layout of OTP's error_logger_file_h; timestamps replaced by TS here).
-module(error_logger_logfile).
-export([main/0]).

main() ->
    F = "error_logger_logfile.log",
    file:delete(F),
    error_logger:tty(false),
    io:format("filename ~p~n", [error_logger:logfile(filename)]),
    io:format("close none ~p~n", [error_logger:logfile(close)]),
    io:format("open ~p~n", [error_logger:logfile({open, F})]),
    io:format("open again ~p~n", [error_logger:logfile({open, F})]),
    io:format("filename ~p~n", [error_logger:logfile(filename)]),
    io:format("which ~p~n", [error_logger:which_report_handlers()]),
    error_logger:error_msg("e1~n"),
    error_logger:error_msg("e2 ~p~n", [x]),
    error_logger:warning_msg("w1~n"),
    error_logger:info_msg("i1 ~p~n", [z]),
    error_logger:error_report([{a, 1}, b, {"str", "v"}]),
    error_logger:error_report(my_type, "text"),
    error_logger:warning_report([{a, 1}]),
    error_logger:warning_report(wtype, {x}),
    error_logger:info_report([{a, 1}]),
    error_logger:info_report(itype, [c]),
    error_logger:error_report("a string report"),
    error_logger:error_report(12),
    error_logger:error_report({tuple, "report"}),
    error_logger:format("f ~p~n", [1]),
    error_logger:error_msg("bad ~p~n", []),
    error_logger:error_msg("no newline"),
    error_logger:error_msg("~p", [lists:seq(1, 40)]),
    error_logger:error_report([{long_key_name_here, lists:seq(1, 30)}, {k, {a, b}}]),
    error_logger:warning_msg("~ts and ~w~n", ["ünï", 'Q']),
    _ = error_logger:which_report_handlers(),
    io:format("close ~p~n", [error_logger:logfile(close)]),
    io:format("close again ~p~n", [error_logger:logfile(close)]),
    io:format("filename ~p~n", [error_logger:logfile(filename)]),
    io:format("bad dir ~p~n", [error_logger:logfile({open, "no/such/dir/x.log"})]),
    error_logger:error_msg("not in the file~n"),
    {ok, B} = file:read_file(F),
    Lines = string:split(unicode:characters_to_list(B), "\n", all),
    [io:format("|~ts~n", [strip_time(L)]) || L <- Lines],
    file:delete(F),
    ok.

%% "=ERROR REPORT==== 8-Dec-2026::10:00:00 ===" -> "=ERROR REPORT==== TS ==="
strip_time([$= | _] = L) ->
    case string:split(L, "==== ") of
        [Head, Rest] ->
            case lists:suffix(" ===", Rest) of
                true -> Head ++ "==== TS ===";
                false -> L
            end;
        _ -> L
    end;
strip_time(L) -> L.

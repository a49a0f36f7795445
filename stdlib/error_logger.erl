%% error_logger: printing reports on stderr, in the layout OTP 25's default
%% logger handler uses ("=ERROR REPORT==== 7-Dec-2026::18:52:59.031364 ===").
%% Girder has no logger process: a report is formatted by the process that
%% makes it and written to standard_error in one piece, so reports from
%% different processes never interleave. OTP writes them to standard_io;
%% Girder keeps stdout for the program (conformance tests compare it).
%%
%% Besides OTP's error_msg/info_msg/warning_msg and error_report/info_report
%% (reports given as [{Tag, Data} | Term] lists), girder_report/2 prints a
%% report under any header; proc_lib, gen_server and supervisor use it for
%% "CRASH REPORT" and "SUPERVISOR REPORT".
-module(error_logger).
-export([error_msg/1, error_msg/2, format/2, error_report/1, error_report/2,
         info_msg/1, info_msg/2, info_report/1, info_report/2,
         warning_msg/1, warning_msg/2, warning_report/1, warning_report/2,
         girder_report/2, girder_timestamp/0]).

error_msg(Format) -> error_msg(Format, []).
error_msg(Format, Args) -> girder_report("ERROR REPORT", format_text(Format, Args)).
format(Format, Args) -> error_msg(Format, Args).

error_report(Report) -> girder_report("ERROR REPORT", format_report(Report)).
error_report(_Type, Report) -> error_report(Report).

%% OTP's default level (notice) drops info reports; so does Girder.
info_msg(_Format) -> ok.
info_msg(_Format, _Args) -> ok.
info_report(_Report) -> ok.
info_report(_Type, _Report) -> ok.

warning_msg(Format) -> warning_msg(Format, []).
warning_msg(Format, Args) -> girder_report("WARNING REPORT", format_text(Format, Args)).
warning_report(Report) -> girder_report("WARNING REPORT", format_report(Report)).
warning_report(_Type, Report) -> warning_report(Report).

%% Header: "ERROR REPORT", "CRASH REPORT"...; Text: chars, ending in a newline.
girder_report(Header, Text) ->
    io:put_chars(standard_error, ["=", Header, "==== ", girder_timestamp(), " ===\n", Text, "\n"]),
    ok.

format_text(Format, Args) ->
    try io_lib:format(Format, Args) of
        Chars -> [Chars, "\n"]
    catch
        _:_ -> io_lib:format("ERROR: ~tp - ~tp~n", [Format, Args])
    end.

format_report([]) -> "";
format_report([{Tag, Data} | Rest]) ->
    [io_lib:format("    ~tp: ~tp~n", [Tag, Data]) | format_report(Rest)];
format_report([Term | Rest]) ->
    [io_lib:format("    ~tp~n", [Term]) | format_report(Rest)];
format_report(Report) when is_list(Report) ->
    io_lib:format("~ts~n", [Report]);
format_report(Report) ->
    io_lib:format("~tp~n", [Report]).

%% "7-Dec-2026::18:52:59.097342", local time.
girder_timestamp() ->
    Micros = os:system_time(microsecond),
    {{Y, Mo, D}, {H, Mi, S}} = erlang:localtime(),
    Month = element(Mo, {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}),
    io_lib:format("~w-~s-~4..0w::~2..0w:~2..0w:~2..0w.~6..0w",
                  [D, Month, Y, H, Mi, S, Micros rem 1000000]).

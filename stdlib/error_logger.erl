%% error_logger: the OTP 25 API (error_msg, warning_msg, info_msg and their
%% _report forms, format/2, tty/1, logfile/1, report handlers) on Girder,
%% which has no logger process.
%%
%% A report goes three ways, each decided in the process that makes it:
%%  * the terminal: stderr, in the layout of OTP 25's default logger handler
%%    ("=ERROR REPORT==== 7-Dec-2026::18:52:59.031364 ===", the text, a
%%    newline), written in one piece so reports never interleave; off after
%%    tty(false). OTP writes to standard_io; Girder keeps stdout for the
%%    program (conformance tests compare it). Info reports are not printed,
%%    as under OTP's default level (notice).
%%  * the log file of logfile({open, File}), in the layout of OTP's
%%    error_logger_file_h ("\n=ERROR REPORT==== 7-Dec-2026::18:52:59 ===\n"
%%    and the text; info reports included, reports of other types than
%%    std_error/std_warning/std_info left out).
%%  * the report handlers: gen_event handlers of the manager registered as
%%    error_logger, started by the first add_report_handler/tty(false)/
%%    logfile. They get OTP's events: {error, GL, {Pid, Format, Args}},
%%    {error_report, GL, {Pid, std_error | Type, Report}}, {warning_msg, ...},
%%    {warning_report, ...}, {info_msg, ...}, {info_report, ...}; proc_lib's
%%    crash reports come as {error_report, GL, {Pid, crash_report, [Report,
%%    Neighbours]}}, supervisors' as supervisor_report.
%%
%% The tty flag and the log file live in a public ETS table named
%% error_logger, owned by the manager (girder_error_logger is the internal
%% handler that creates it and closes the file at the end). No manager, no
%% table: the defaults (terminal on, no file, no handlers).
%%
%% girder_report/2,3 print a report under any header; proc_lib, gen_server,
%% gen_statem, gen_event and supervisor use them.
-module(error_logger).
-export([error_msg/1, error_msg/2, format/2, error_report/1, error_report/2,
         info_msg/1, info_msg/2, info_report/1, info_report/2,
         warning_msg/1, warning_msg/2, warning_report/1, warning_report/2,
         tty/1, logfile/1, add_report_handler/1, add_report_handler/2,
         delete_report_handler/1, which_report_handlers/0, warning_map/0,
         start/0, start_link/0, stop/0, get_format_depth/0, limit_term/1]).
-export([girder_report/2, girder_report/3, girder_timestamp/0]).

-define(INTERNAL, girder_error_logger).

%%% ---------------------------------------------------------------------
%%% Reports
%%% ---------------------------------------------------------------------

error_msg(Format) -> error_msg(Format, []).
error_msg(Format, Args) -> msg(error, "ERROR REPORT", Format, Args).
format(Format, Args) -> error_msg(Format, Args).

warning_msg(Format) -> warning_msg(Format, []).
warning_msg(Format, Args) -> msg(warning_msg, "WARNING REPORT", Format, Args).

info_msg(Format) -> info_msg(Format, []).
info_msg(Format, Args) -> msg(info_msg, "INFO REPORT", Format, Args).

error_report(Report) -> report(error_report, std_error, Report).
error_report(Type, Report) -> report(error_report, Type, Report).

warning_report(Report) -> report(warning_report, std_warning, Report).
warning_report(Type, Report) -> report(warning_report, Type, Report).

info_report(Report) -> report(info_report, std_info, Report).
info_report(Type, Report) -> report(info_report, Type, Report).

msg(Tag, Header, Format, Args) ->
    deliver(Tag, Header, fun() -> format_text(Format, Args) end, true,
            {Tag, group_leader(), {self(), Format, Args}}).

report(Tag, Type, Report) ->
    Header = case Tag of
                 error_report -> "ERROR REPORT";
                 warning_report -> "WARNING REPORT";
                 info_report -> "INFO REPORT"
             end,
    Std = lists:member(Type, [std_error, std_warning, std_info]),
    deliver(Tag, Header, fun() -> format_report(Report) end, Std,
            {Tag, group_leader(), {self(), Type, Report}}).

%% Header: "ERROR REPORT", "CRASH REPORT"...; Text: chars, ending in a newline.
girder_report(Header, Text) ->
    deliver(error, Header, fun() -> Text end, true, none).

%% The same, and Event to the report handlers.
girder_report(Header, Text, Event) ->
    deliver(error, Header, fun() -> Text end, true, Event).

deliver(Tag, Header, TextFun, ToFile, Event) ->
    State = state(),
    Tty = Tag =/= info_msg andalso Tag =/= info_report andalso proplists:get_value(tty, State, true),
    File = case ToFile of
               true -> proplists:get_value(logfile, State);
               false -> undefined
           end,
    Text = case Tty orelse File =/= undefined of
               true -> TextFun();
               false -> []
           end,
    Tty andalso io:put_chars(standard_error, ["=", Header, "==== ", girder_timestamp(), " ===\n", Text, "\n"]),
    case File of
        {_Name, Dev} -> catch io:put_chars(Dev, ["\n=", Header, "==== ", file_timestamp(), " ===\n", Text]);
        undefined -> ok
    end,
    case Event =/= none andalso whereis(error_logger) of
        Pid when is_pid(Pid) -> gen_event:notify(Pid, Event);
        _ -> ok
    end,
    ok.

format_text(Format, Args) ->
    try io_lib:format(Format, Args)
    catch _:_ -> io_lib:format("ERROR: ~tp - ~tp~n", [Format, Args])
    end.

format_report([{_, _} | _] = Report) -> report_lines(Report);
format_report([_ | _] = Report) ->
    case io_lib:printable_unicode_list(Report) of
        true -> io_lib:format("~ts~n", [Report]);
        false -> report_lines(Report)
    end;
format_report(Report) ->
    io_lib:format("~tp~n", [Report]).

report_lines([]) -> "";
report_lines([{Tag, Data} | Rest]) ->
    [io_lib:format("    ~tp: ~tp~n", [Tag, Data]) | report_lines(Rest)];
report_lines([Term | Rest]) ->
    [io_lib:format("    ~tp~n", [Term]) | report_lines(Rest)];
report_lines(Tail) ->
    io_lib:format("    ~tp~n", [Tail]).

%% "7-Dec-2026::18:52:59.097342", local time.
girder_timestamp() ->
    Micros = os:system_time(microsecond),
    io_lib:format("~s.~6..0w", [file_timestamp(), Micros rem 1000000]).

%% "7-Dec-2026::18:52:59"
file_timestamp() ->
    {{Y, Mo, D}, {H, Mi, S}} = erlang:localtime(),
    Month = element(Mo, {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}),
    io_lib:format("~w-~s-~4..0w::~2..0w:~2..0w:~2..0w", [D, Month, Y, H, Mi, S]).

%%% ---------------------------------------------------------------------
%%% Configuration: tty/1, logfile/1, report handlers
%%% ---------------------------------------------------------------------

%% [{tty, Bool}, {logfile, {Name, Device}}], what is set.
state() ->
    try ets:tab2list(error_logger)
    catch error:badarg -> []
    end.

tty(true) ->
    catch ets:insert(error_logger, {tty, true}),
    ok;
tty(false) ->
    ensure_started(),
    ets:insert(error_logger, {tty, false}),
    ok.

logfile({open, File}) ->
    ensure_started(),
    case ets:lookup(error_logger, logfile) of
        [_] -> {error, allready_have_logfile};
        [] ->
            %% The manager owns the file, so that it stays open.
            gen_event:call(error_logger, ?INTERNAL, {open, File})
    end;
logfile(close) ->
    case whereis(error_logger) =/= undefined andalso ets:lookup(error_logger, logfile) of
        [_] -> gen_event:call(error_logger, ?INTERNAL, close);
        _ -> {error, module_not_found}
    end;
logfile(filename) ->
    case proplists:get_value(logfile, state()) of
        {Name, _} -> Name;
        undefined -> {error, no_log_file}
    end.

add_report_handler(Module) -> add_report_handler(Module, []).

add_report_handler(Module, Args) when is_atom(Module) ->
    ensure_started(),
    gen_event:add_handler(error_logger, Module, Args).

delete_report_handler(Module) when is_atom(Module) ->
    case whereis(error_logger) of
        undefined -> ok;
        _ ->
            case gen_event:delete_handler(error_logger, Module, []) of
                {error, module_not_found} = E ->
                    %% OTP stops the manager with its last handler.
                    case which_report_handlers() of
                        [] -> ok;
                        _ -> E
                    end;
                Res -> Res
            end
    end.

which_report_handlers() ->
    case whereis(error_logger) of
        undefined -> [];
        _ ->
            File = case proplists:get_value(logfile, state()) of
                       undefined -> [];
                       _ -> [error_logger_file_h]
                   end,
            [H || H <- gen_event:which_handlers(error_logger), H =/= ?INTERNAL] ++ File
    end.

warning_map() -> warning.

start() ->
    ensure_started(),
    ok.

start_link() ->
    ensure_started(),
    link(whereis(error_logger)),
    ok.

stop() ->
    case whereis(error_logger) of
        undefined -> ok;
        Pid -> gen_event:stop(Pid)
    end.

get_format_depth() -> unlimited.

limit_term(Term) -> Term.

ensure_started() ->
    case whereis(error_logger) of
        undefined ->
            case gen_event:start({local, error_logger}) of
                {ok, Pid} ->
                    ok = gen_event:add_handler(Pid, ?INTERNAL, []);
                {error, {already_started, _}} ->
                    %% Another process started it: wait for its table.
                    _ = gen_event:which_handlers(error_logger),
                    ok
            end;
        _ ->
            ok
    end.

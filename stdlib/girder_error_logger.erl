%% girder_error_logger: the internal handler of the error_logger event
%% manager. It makes the manager the owner of the public ETS table
%% error_logger (the tty flag and the log file, read by every process that
%% reports) and of the log file's device, and closes the file when the
%% manager stops. It answers no events; error_logger:which_report_handlers/0
%% leaves it out.
-module(girder_error_logger).
-behaviour(gen_event).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).

init([]) ->
    ets:new(error_logger, [named_table, public, set]),
    {ok, none}.

handle_event(_Event, S) -> {ok, S}.

handle_call({open, File}, S) ->
    case file:open(File, [write, {encoding, utf8}]) of
        {ok, Dev} ->
            ets:insert(error_logger, {logfile, {File, Dev}}),
            {ok, ok, S};
        {error, _} = Error ->
            {ok, Error, S}
    end;
handle_call(close, S) ->
    close(),
    {ok, ok, S}.

handle_info(_Info, S) -> {ok, S}.

terminate(_Arg, _S) ->
    close(),
    ok.

close() ->
    case ets:lookup(error_logger, logfile) of
        [{logfile, {_, Dev}}] ->
            ets:delete(error_logger, logfile),
            file:close(Dev);
        [] -> ok
    end.

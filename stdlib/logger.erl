%% logger: OTP 25's logger API on Girder, for the macros of
%% kernel/include/logger.hrl (?LOG_ERROR...) and direct calls.
%%
%% A log call runs in the calling process, as OTP's does up to the handler:
%% the level check (primary level, or the module's own level for the
%% macros), the event #{level, msg, meta} with pid, gl and time added to the
%% metadata, the primary filters, then for each handler its level, its
%% filters and Module:log(Event, HandlerConfig). The default handler is
%% logger_std_h with OTP 25's default configuration (level notice primary,
%% legacy "=ERROR REPORT==== ... ===" header, standard_io); it writes in
%% the caller, so its output is already out when the call returns (OTP's
%% handler process writes a little later: logger_std_h:filesync/1 waits).
%%
%% Configuration lives in a public ETS table named logger, owned by a
%% process registered as logger and started by the first call that changes
%% something; with no table, everything is at OTP's defaults.
%% docs/internals/otp.md, "logger", says what is not there.
-module(logger).
-export([emergency/1, emergency/2, emergency/3, alert/1, alert/2, alert/3,
         critical/1, critical/2, critical/3, error/1, error/2, error/3,
         warning/1, warning/2, warning/3, notice/1, notice/2, notice/3,
         info/1, info/2, info/3, debug/1, debug/2, debug/3,
         log/2, log/3, log/4, macro_log/3, macro_log/4, macro_log/5, allow/2,
         add_handler/3, remove_handler/1, get_handler_ids/0,
         get_handler_config/0, get_handler_config/1,
         set_handler_config/2, set_handler_config/3,
         update_handler_config/2, update_handler_config/3,
         update_formatter_config/2, update_formatter_config/3,
         get_primary_config/0, set_primary_config/1, set_primary_config/2,
         update_primary_config/1, add_primary_filter/2, remove_primary_filter/1,
         add_handler_filter/3, remove_handler_filter/2,
         set_module_level/2, unset_module_level/0, unset_module_level/1,
         get_module_level/0, get_module_level/1,
         set_process_metadata/1, update_process_metadata/1,
         get_process_metadata/0, unset_process_metadata/0,
         get_config/0, compare_levels/2, timestamp/0, format_report/1]).

-define(TABLE, logger).
-define(PROC_META, '$logger_metadata$').
-define(LEVELS, [emergency, alert, critical, error, warning, notice, info, debug]).

%%% ---------------------------------------------------------------------
%%% Logging
%%% ---------------------------------------------------------------------

emergency(X) -> log(emergency, X).
emergency(X, Y) -> log(emergency, X, Y).
emergency(X, Y, Z) -> log(emergency, X, Y, Z).
alert(X) -> log(alert, X).
alert(X, Y) -> log(alert, X, Y).
alert(X, Y, Z) -> log(alert, X, Y, Z).
critical(X) -> log(critical, X).
critical(X, Y) -> log(critical, X, Y).
critical(X, Y, Z) -> log(critical, X, Y, Z).
error(X) -> log(error, X).
error(X, Y) -> log(error, X, Y).
error(X, Y, Z) -> log(error, X, Y, Z).
warning(X) -> log(warning, X).
warning(X, Y) -> log(warning, X, Y).
warning(X, Y, Z) -> log(warning, X, Y, Z).
notice(X) -> log(notice, X).
notice(X, Y) -> log(notice, X, Y).
notice(X, Y, Z) -> log(notice, X, Y, Z).
info(X) -> log(info, X).
info(X, Y) -> log(info, X, Y).
info(X, Y, Z) -> log(info, X, Y, Z).
debug(X) -> log(debug, X).
debug(X, Y) -> log(debug, X, Y).
debug(X, Y, Z) -> log(debug, X, Y, Z).

log(Level, StringOrReport) ->
    log(Level, StringOrReport, #{}).

log(Level, Fun, FunArgs) when is_function(Fun, 1) ->
    checked(Level, undefined, fun() -> emit(#{}, Level, {Fun, FunArgs}, #{}) end);
log(Level, Format, Args) when is_list(Args) ->
    checked(Level, undefined, fun() -> emit(#{}, Level, {Format, Args}, #{}) end);
log(Level, StringOrReport, Meta) when is_map(Meta) ->
    checked(Level, undefined, fun() -> emit(#{}, Level, msg(StringOrReport), Meta) end).

log(Level, Fun, FunArgs, Meta) when is_function(Fun, 1), is_map(Meta) ->
    checked(Level, undefined, fun() -> emit(#{}, Level, {Fun, FunArgs}, Meta) end);
log(Level, Format, Args, Meta) when is_list(Args), is_map(Meta) ->
    checked(Level, undefined, fun() -> emit(#{}, Level, {Format, Args}, Meta) end).

%% The macros have called allow/2 already.
macro_log(Location, Level, StringOrReport) ->
    emit(Location, Level, msg(StringOrReport), #{}).

macro_log(Location, Level, Fun, FunArgs) when is_function(Fun, 1) ->
    emit(Location, Level, {Fun, FunArgs}, #{});
macro_log(Location, Level, Format, Args) when is_list(Args) ->
    emit(Location, Level, {Format, Args}, #{});
macro_log(Location, Level, StringOrReport, Meta) when is_map(Meta) ->
    emit(Location, Level, msg(StringOrReport), Meta).

macro_log(Location, Level, Fun, FunArgs, Meta) when is_function(Fun, 1), is_map(Meta) ->
    emit(Location, Level, {Fun, FunArgs}, Meta);
macro_log(Location, Level, Format, Args, Meta) when is_list(Args), is_map(Meta) ->
    emit(Location, Level, {Format, Args}, Meta).

allow(Level, Module) when is_atom(Module) ->
    level_rank(Level) =< level_rank(effective_level(Module)).

checked(Level, Module, Emit) ->
    case allow(Level, Module) of
        true -> Emit();
        false -> ok
    end.

msg(Report) when is_map(Report) -> {report, Report};
msg([T | _] = Report) when is_tuple(T) -> {report, Report};
msg(String) when is_list(String); is_binary(String) -> {string, String};
msg(Other) -> erlang:error(badarg, [Other]).

emit(Location, Level, Msg0, CallMeta) ->
    case fun_msg(Msg0) of
        ignore -> ok;
        {Msg, FunMeta} ->
            Defaults = #{pid => self(), gl => group_leader(), time => timestamp()},
            Primary = primary(),
            Meta = maps:merge(maps:merge(Defaults, maps:get(metadata, Primary)),
                              maps:merge(Location, maps:merge(get_process_metadata_map(),
                                                              maps:merge(CallMeta, FunMeta)))),
            Event = #{level => Level, msg => Msg, meta => Meta},
            case run_filters(maps:get(filters, Primary), maps:get(filter_default, Primary), Event) of
                stop -> ok;
                Event1 -> lists:foreach(fun(H) -> to_handler(H, Event1) end, handlers())
            end
    end.

%% {Fun, Args} messages: Fun(Args) gives the message, maybe with metadata.
fun_msg({Fun, FunArgs}) when is_function(Fun, 1) ->
    case Fun(FunArgs) of
        ignore -> ignore;
        {Format, Args} when is_list(Args), (is_list(Format) orelse is_binary(Format) orelse is_atom(Format)) ->
            {{Format, Args}, #{}};
        {Format, Args, Meta} when is_list(Args), is_map(Meta) -> {{Format, Args}, Meta};
        {StringOrReport, Meta} when is_map(Meta) -> {msg(StringOrReport), Meta};
        StringOrReport -> {msg(StringOrReport), #{}}
    end;
fun_msg(Msg) ->
    {Msg, #{}}.

run_filters(Filters, Default, Event) ->
    run_filters(Filters, Default, Event, false).

run_filters([], Default, Event, Touched) ->
    case Touched orelse Default =:= log of
        true -> Event;
        false -> stop
    end;
run_filters([{_Id, {Fun, Arg}} | Rest], Default, Event, Touched) ->
    case catch Fun(Event, Arg) of
        stop -> stop;
        ignore -> run_filters(Rest, Default, Event, Touched);
        #{level := _, msg := _, meta := _} = Event1 -> run_filters(Rest, Default, Event1, true);
        _ -> run_filters(Rest, Default, Event, Touched)
    end.

to_handler(#{id := Id, module := Module, level := HLevel} = Config, #{level := Level} = Event) ->
    case level_rank(Level) =< level_rank(HLevel) andalso
         run_filters(maps:get(filters, Config, []), maps:get(filter_default, Config, log), Event) of
        false -> ok;
        stop -> ok;
        Event1 ->
            try Module:log(Event1, Config)
            catch Class:Reason ->
                %% OTP takes a crashing handler out too, and says so.
                _ = remove_handler(Id),
                io:format(standard_error, "~p~n",
                          [{removed_failing_handler, Id, {Class, Reason}}])
            end
    end.

%%% ---------------------------------------------------------------------
%%% Levels
%%% ---------------------------------------------------------------------

level_rank(all) -> 7;
level_rank(none) -> -1;
level_rank(Level) -> rank(Level, ?LEVELS, 0).

rank(Level, [Level | _], N) -> N;
rank(Level, [_ | Rest], N) -> rank(Level, Rest, N + 1);
rank(Level, [], _) -> erlang:error(badarg, [Level]).

is_level(L) -> lists:member(L, [all, none | ?LEVELS]).

compare_levels(A, B) ->
    case is_level(A) andalso is_level(B) of
        false -> erlang:error(badarg, [A, B]);
        true ->
            RA = level_rank(A),
            RB = level_rank(B),
            if RA =:= RB -> eq;
               RA < RB -> gt;
               true -> lt
            end
    end.

effective_level(Module) ->
    case Module =/= undefined andalso lookup({module_level, Module}) of
        {ok, L} -> L;
        _ -> maps:get(level, primary())
    end.

timestamp() -> os:system_time(microsecond).

%%% ---------------------------------------------------------------------
%%% Configuration
%%% ---------------------------------------------------------------------

default_primary() ->
    #{filter_default => log, filters => [], level => notice, metadata => #{}}.

default_handler() ->
    #{config => #{burst_limit_enable => true, burst_limit_max_count => 500,
                  burst_limit_window_time => 1000, drop_mode_qlen => 200,
                  filesync_repeat_interval => no_repeat, flush_qlen => 1000,
                  overload_kill_enable => false, overload_kill_mem_size => 3000000,
                  overload_kill_qlen => 20000, overload_kill_restart_after => 5000,
                  sync_mode_qlen => 10, type => standard_io},
      filter_default => stop,
      filters => [{remote_gl, {fun logger_filters:remote_gl/2, stop}},
                  {domain, {fun logger_filters:domain/2, {log, super, [otp, sasl]}}},
                  {no_domain, {fun logger_filters:domain/2, {log, undefined, []}}}],
      formatter => {logger_formatter, #{legacy_header => true, single_line => false}},
      id => default, level => all, module => logger_std_h}.

lookup(Key) ->
    try ets:lookup(?TABLE, Key) of
        [{_, V}] -> {ok, V};
        [] -> none
    catch error:badarg -> none
    end.

primary() ->
    case lookup(primary) of
        {ok, P} -> P;
        none -> default_primary()
    end.

handler_ids() ->
    case lookup(handler_ids) of
        {ok, Ids} -> Ids;
        none -> [default]
    end.

handlers() ->
    lists:append([case handler(Id) of {ok, C} -> [C]; _ -> [] end || Id <- handler_ids()]).

handler(Id) ->
    case lookup({handler, Id}) of
        {ok, C} -> {ok, C};
        none ->
            case whereis(?TABLE) =:= undefined andalso Id =:= default of
                true -> {ok, default_handler()};
                false -> {error, {not_found, Id}}
            end
    end.

put_config(Key, Value) ->
    ensure_table(),
    ets:insert(?TABLE, {Key, Value}),
    ok.

%% The table's owner: started once, lives as long as the VM.
ensure_table() ->
    case ets:info(?TABLE, size) of
        undefined ->
            Caller = self(),
            Pid = spawn(fun() -> own_table(Caller) end),
            receive {Pid, table_ready} -> ok end,
            ensure_table();
        _ -> ok
    end.

own_table(Caller) ->
    try register(?TABLE, self()) of
        true ->
            ets:new(?TABLE, [named_table, public, set]),
            ets:insert(?TABLE, [{primary, default_primary()}, {handler_ids, [default]},
                                {{handler, default}, default_handler()}]),
            Caller ! {self(), table_ready},
            receive stop -> ok end
    catch error:badarg ->
        %% Another process got there first; wait for its table.
        wait_for_table(),
        Caller ! {self(), table_ready}
    end.

wait_for_table() ->
    case ets:info(?TABLE, size) of
        undefined -> receive after 1 -> wait_for_table() end;
        _ -> ok
    end.

get_primary_config() -> primary().

set_primary_config(Config) when is_map(Config) ->
    New = maps:merge(default_primary(), Config),
    case check_primary(maps:to_list(New)) of
        ok -> put_config(primary, New);
        Error -> Error
    end;
set_primary_config(Config) -> {error, {invalid_config, Config}}.

set_primary_config(Key, Value) ->
    case check_primary([{Key, Value}]) of
        ok -> put_config(primary, maps:put(Key, Value, primary()));
        Error -> Error
    end.

update_primary_config(Config) when is_map(Config) ->
    set_primary_config(maps:merge(primary(), Config)).

check_primary([]) -> ok;
check_primary([{level, L} | Rest]) ->
    case is_level(L) of
        true -> check_primary(Rest);
        false -> {error, {invalid_level, L}}
    end;
check_primary([{filter_default, D} | Rest]) when D =:= log; D =:= stop -> check_primary(Rest);
check_primary([{filters, F} | Rest]) when is_list(F) -> check_primary(Rest);
check_primary([{metadata, M} | Rest]) when is_map(M) -> check_primary(Rest);
check_primary([{Key, Value} | _]) -> {error, {invalid_primary_config, {Key, Value}}}.

add_primary_filter(Id, {Fun, _} = Filter) when is_atom(Id), is_function(Fun, 2) ->
    P = primary(),
    Filters = maps:get(filters, P),
    case lists:keymember(Id, 1, Filters) of
        true -> {error, {already_exist, Id}};
        false -> put_config(primary, P#{filters := Filters ++ [{Id, Filter}]})
    end;
add_primary_filter(_Id, Filter) -> {error, {invalid_filter, Filter}}.

remove_primary_filter(Id) ->
    P = primary(),
    Filters = maps:get(filters, P),
    case lists:keymember(Id, 1, Filters) of
        true -> put_config(primary, P#{filters := lists:keydelete(Id, 1, Filters)});
        false -> {error, {not_found, Id}}
    end.

add_handler(Id, Module, Config) when is_atom(Id), is_atom(Module), is_map(Config) ->
    case handler(Id) of
        {ok, _} -> {error, {already_exist, Id}};
        {error, _} ->
            case code:ensure_loaded(Module) of
                {module, Module} ->
                    C0 = maps:merge(#{level => all, filter_default => log, filters => [],
                                      formatter => {logger_formatter, #{}}},
                                    Config#{id => Id, module => Module}),
                    case adding(Module, C0) of
                        {ok, C1} ->
                            put_config({handler, Id}, C1),
                            put_config(handler_ids, handler_ids() ++ [Id]);
                        Error -> Error
                    end;
                _ -> {error, {invalid_handler, {function_not_exported, {Module, log, 2}}}}
            end
    end;
add_handler(Id, Module, Config) ->
    {error, {invalid_handler, {Id, Module, Config}}}.

adding(Module, Config) ->
    case erlang:function_exported(Module, adding_handler, 1) of
        true -> Module:adding_handler(Config);
        false -> {ok, Config}
    end.

remove_handler(Id) ->
    case handler(Id) of
        {ok, #{module := Module} = C} ->
            case erlang:function_exported(Module, removing_handler, 1) of
                true -> catch Module:removing_handler(C);
                false -> ok
            end,
            ensure_table(),
            ets:delete(?TABLE, {handler, Id}),
            put_config(handler_ids, handler_ids() -- [Id]);
        Error -> Error
    end.

get_handler_ids() -> handler_ids().

get_handler_config() -> handlers().

get_handler_config(Id) -> handler(Id).

set_handler_config(Id, Key, Value) ->
    case handler(Id) of
        {ok, C} when Key =:= level ->
            case is_level(Value) of
                true -> put_config({handler, Id}, C#{level => Value});
                false -> {error, {invalid_level, Value}}
            end;
        {ok, _} when Key =:= id; Key =:= module -> {error, {illegal_config_change, Id, Key}};
        {ok, C} -> put_config({handler, Id}, C#{Key => Value});
        Error -> Error
    end.

set_handler_config(Id, Config) when is_map(Config) ->
    case handler(Id) of
        {ok, #{module := Module}} ->
            Defaults = #{level => all, filter_default => log, filters => [],
                         formatter => {logger_formatter, #{}}},
            put_config({handler, Id}, maps:merge(Defaults, Config#{id => Id, module => Module}));
        Error -> Error
    end.

update_handler_config(Id, Key, Value) when Key =:= config; Key =:= formatter ->
    case handler(Id) of
        {ok, C} ->
            New = case {Key, maps:get(Key, C), Value} of
                      {config, Old, V} when is_map(V) -> maps:merge(Old, V);
                      {formatter, {M, Old}, {M, V}} -> {M, maps:merge(Old, V)};
                      {_, _, V} -> V
                  end,
            put_config({handler, Id}, C#{Key => New});
        Error -> Error
    end;
update_handler_config(Id, Key, Value) ->
    set_handler_config(Id, Key, Value).

update_handler_config(Id, Config) when is_map(Config) ->
    case handler(Id) of
        {ok, C} -> put_config({handler, Id}, maps:merge(C, maps:without([id, module], Config)));
        Error -> Error
    end.

update_formatter_config(Id, Key, Value) ->
    update_formatter_config(Id, #{Key => Value}).

update_formatter_config(Id, FConfig) when is_map(FConfig) ->
    case handler(Id) of
        {ok, #{formatter := {M, Old}} = C} ->
            put_config({handler, Id}, C#{formatter := {M, maps:merge(Old, FConfig)}});
        Error -> Error
    end.

add_handler_filter(Id, FilterId, {Fun, _} = Filter) when is_function(Fun, 2) ->
    case handler(Id) of
        {ok, C} ->
            Filters = maps:get(filters, C, []),
            case lists:keymember(FilterId, 1, Filters) of
                true -> {error, {already_exist, FilterId}};
                false -> put_config({handler, Id}, C#{filters => Filters ++ [{FilterId, Filter}]})
            end;
        Error -> Error
    end;
add_handler_filter(_Id, _FilterId, Filter) -> {error, {invalid_filter, Filter}}.

remove_handler_filter(Id, FilterId) ->
    case handler(Id) of
        {ok, C} ->
            Filters = maps:get(filters, C, []),
            case lists:keymember(FilterId, 1, Filters) of
                true -> put_config({handler, Id}, C#{filters => lists:keydelete(FilterId, 1, Filters)});
                false -> {error, {not_found, FilterId}}
            end;
        Error -> Error
    end.

set_module_level(Module, Level) when is_atom(Module) ->
    set_module_level([Module], Level);
set_module_level(Modules, Level) when is_list(Modules) ->
    case is_level(Level) of
        true -> lists:foreach(fun(M) -> put_config({module_level, M}, Level) end, Modules);
        false -> {error, {invalid_level, Level}}
    end.

unset_module_level() ->
    [unset_module_level(M) || {M, _} <- get_module_level()],
    ok.

unset_module_level(Module) when is_atom(Module) ->
    unset_module_level([Module]);
unset_module_level(Modules) when is_list(Modules) ->
    catch [ets:delete(?TABLE, {module_level, M}) || M <- Modules],
    ok.

get_module_level() ->
    try lists:sort([{M, L} || {{module_level, M}, L} <- ets:tab2list(?TABLE)])
    catch error:badarg -> []
    end.

get_module_level(Module) when is_atom(Module) ->
    [{M, L} || {M, L} <- get_module_level(), M =:= Module];
get_module_level(Modules) when is_list(Modules) ->
    [{M, L} || {M, L} <- get_module_level(), lists:member(M, Modules)].

get_config() ->
    #{primary => primary(), handlers => handlers(), module_levels => get_module_level(),
      proxy => #{}}.

%%% ---------------------------------------------------------------------
%%% Process metadata
%%% ---------------------------------------------------------------------

set_process_metadata(Meta) when is_map(Meta) ->
    put(?PROC_META, Meta),
    ok;
set_process_metadata(Meta) ->
    erlang:error(badarg, [Meta]).

update_process_metadata(Meta) when is_map(Meta) ->
    set_process_metadata(maps:merge(get_process_metadata_map(), Meta));
update_process_metadata(Meta) ->
    erlang:error(badarg, [Meta]).

get_process_metadata() ->
    case get(?PROC_META) of
        undefined -> undefined;
        Meta -> Meta
    end.

get_process_metadata_map() ->
    case get(?PROC_META) of
        undefined -> #{};
        Meta -> Meta
    end.

unset_process_metadata() ->
    erase(?PROC_META),
    ok.

%%% ---------------------------------------------------------------------
%%% Reports
%%% ---------------------------------------------------------------------

%% The default report_cb: {Format, Args}, one "    Key: Value" line per
%% pair of a map or a key-value list (other elements on lines of their own).
format_report(Report) when is_map(Report) ->
    format_report(maps:to_list(Report));
format_report([_ | _] = Report) ->
    case lists:all(fun(X) -> is_tuple(X) andalso tuple_size(X) =:= 2 end, Report) orelse
         not io_lib:printable_unicode_list(Report) of
        true ->
            Lines = [line_format(X) || X <- Report],
            {lists:flatten(lists:join($\n, [F || {F, _} <- Lines])), lists:append([A || {_, A} <- Lines])};
        false -> {"~ts", [Report]}
    end;
format_report(Report) ->
    {"~tp", [Report]}.

line_format({K, V}) ->
    case V =/= [] andalso io_lib:printable_unicode_list(V) of
        true -> {"    ~tp: ~ts", [K, V]};
        false -> {"    ~tp: ~tp", [K, V]}
    end;
line_format(X) ->
    {"    ~tp", [X]}.

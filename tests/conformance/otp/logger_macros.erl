-module(logger_macros).
-export([main/0, log/2, adding_handler/1, removing_handler/1]).
-include_lib("kernel/include/logger.hrl").

%% A handler that sends each event to the test process.
adding_handler(Config) -> {ok, Config#{added => yes}}.
removing_handler(#{config := Pid}) -> Pid ! removed, ok.
log(Event, #{config := Pid}) -> Pid ! {logged, Event}, ok.

main() ->
    io:format("~p~n", [logger:get_primary_config()]),
    {ok, Default} = logger:get_handler_config(default),
    io:format("~p~n", [Default]),
    io:format("~p~n", [logger:get_handler_ids()]),
    io:format("~p~n", [[{L, logger:allow(L, ?MODULE)} || L <- levels()]]),
    %% The default handler's own output, made deterministic (no time).
    ok = logger:update_formatter_config(default, #{template => [level, ": ", msg, "\n"]}),
    ok = logger:add_handler(h, ?MODULE, #{config => self()}),
    {ok, H} = logger:get_handler_config(h),
    io:format("~p~n", [maps:without([config], H)]),
    io:format("~p~n", [logger:add_handler(h, ?MODULE, #{})]),
    ?LOG_EMERGENCY("emergency ~p", [1]),
    ?LOG_ALERT("alert"),
    ?LOG_CRITICAL(#{what => critical, n => 2}),
    ?LOG_ERROR([{what, error}, {text, "some text"}]),
    ?LOG_WARNING("warning ~s ~w", ["two", args], #{extra => meta}),
    ?LOG_NOTICE("notice"),
    ?LOG_INFO("info is below the primary level"),
    ?LOG_DEBUG("so is debug"),
    ?LOG(error, "via ?LOG ~p", [x]),
    ?LOG(warning, #{report => map}, #{domain => [test]}),
    logger:log(notice, "direct"),
    logger:log(error, "direct ~p", [args]),
    logger:log(error, "direct with meta", #{m => 1}),
    logger:log(error, "all four ~p", [x], #{m => 2}),
    logger:error("error/2 ~p", [y]),
    logger:warning(#{a => b}),
    logger:info("not shown"),
    logger:log(error, fun(Arg) -> {"from a fun ~p", [Arg]} end, argument),
    logger_std_h:filesync(default),
    events(),
    %% Levels: primary, then one module's own.
    ok = logger:set_primary_config(level, info),
    ?LOG_INFO("info after set_primary_config"),
    ?LOG_DEBUG("debug still off"),
    logger_std_h:filesync(default),
    ok = logger:set_module_level(?MODULE, debug),
    io:format("~p~n", [logger:get_module_level(?MODULE)]),
    ?LOG_DEBUG("debug for this module"),
    logger:debug("but not for a call without a module"),
    ok = logger:unset_module_level(?MODULE),
    ?LOG_DEBUG("off again"),
    logger_std_h:filesync(default),
    io:format("~p~n", [logger:set_primary_config(level, loud)]),
    io:format("~p~n", [logger:set_module_level(?MODULE, loud)]),
    ok = logger:set_primary_config(level, notice),
    logger_std_h:filesync(default),
    events(),
    %% Handler level and filters.
    ok = logger:set_handler_config(h, level, error),
    ?LOG_WARNING("h ignores warnings now"),
    ?LOG_ERROR("h still takes errors"),
    ok = logger:set_handler_config(h, level, all),
    ok = logger:add_handler_filter(h, no_warnings, {fun logger_filters:level/2, {stop, eq, warning}}),
    io:format("~p~n", [logger:add_handler_filter(h, no_warnings, {fun logger_filters:level/2, {stop, eq, warning}})]),
    ?LOG_WARNING("stopped by the filter"),
    ?LOG_ERROR("passes the filter"),
    ok = logger:remove_handler_filter(h, no_warnings),
    ok = logger:add_primary_filter(only_test, {fun logger_filters:domain/2, {stop, sub, [test]}}),
    ?LOG_ERROR("in the test domain", #{domain => [test, sub]}),
    ?LOG_ERROR("in another domain", #{domain => [other]}),
    ok = logger:remove_primary_filter(only_test),
    logger_std_h:filesync(default),
    io:format("~p~n", [logger:remove_primary_filter(only_test)]),
    %% Process metadata joins every event of this process.
    ok = logger:set_process_metadata(#{request => 42}),
    ok = logger:update_process_metadata(#{user => "me"}),
    io:format("~p~n", [logger:get_process_metadata()]),
    ?LOG_ERROR("with process metadata"),
    logger_std_h:filesync(default),
    ok = logger:unset_process_metadata(),
    io:format("~p~n", [logger:get_process_metadata()]),
    logger_std_h:filesync(default),
    events(),
    ok = logger:remove_handler(h),
    receive removed -> io:format("removing_handler called~n") after 1000 -> ok end,
    io:format("~p~n", [logger:remove_handler(h)]),
    io:format("~p~n", [logger:get_handler_config(h)]),
    io:format("~p~n", [logger:get_handler_ids()]),
    io:format("~p~n", [[logger:compare_levels(A, B) || {A, B} <- [{error, warning}, {info, info}, {debug, alert}, {all, none}]]]),
    ok = logger:remove_handler(default),
    ?LOG_ERROR("nobody prints this"),
    io:format("~p~n", [logger:get_handler_ids()]),
    ok.

levels() -> [emergency, alert, critical, error, warning, notice, info, debug].

events() ->
    receive
        {logged, #{level := L, msg := M, meta := Meta}} ->
            io:format("~p ~p ~p~n", [L, M, maps:without([time, pid, gl], Meta)]),
            true = is_integer(maps:get(time, Meta)),
            true = maps:get(pid, Meta) =:= self(),
            events()
    after 100 -> ok
    end.

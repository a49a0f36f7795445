%% kernel/include/logger.hrl for Girder: the macros of OTP 25's header.
%%
%% ?LOG_<LEVEL>(...) with one to three arguments, one macro per level, and
%% ?LOG(Level, ...) with one to three more. Each asks logger:allow(Level,
%% ?MODULE) (so a module level set with logger:set_module_level/2 counts) and
%% only then evaluates its arguments and calls logger:macro_log/3,4,5 with
%% ?LOCATION, the caller's mfa, line and file, as metadata. The arguments
%% are what logger:log/2,3,4 take after the level: a string, a report, a
%% format with its arguments, a fun with its argument, and metadata last.
-ifndef(LOGGER_HRL).
-define(LOGGER_HRL, true).

-define(LOCATION, #{mfa => {?MODULE, ?FUNCTION_NAME, ?FUNCTION_ARITY},
                    line => ?LINE,
                    file => ?FILE}).

%% Internal: the macros below are the interface.
-define(DO_LOG(Level, Args),
        case logger:allow(Level, ?MODULE) of
            true -> erlang:apply(logger, macro_log, [?LOCATION, Level | Args]);
            false -> ok
        end).

-define(LOG(Level, A), ?DO_LOG(Level, [A])).
-define(LOG(Level, A, B), ?DO_LOG(Level, [A, B])).
-define(LOG(Level, A, B, C), ?DO_LOG(Level, [A, B, C])).

-define(LOG_EMERGENCY(A), ?LOG(emergency, A)).
-define(LOG_EMERGENCY(A, B), ?LOG(emergency, A, B)).
-define(LOG_EMERGENCY(A, B, C), ?LOG(emergency, A, B, C)).
-define(LOG_ALERT(A), ?LOG(alert, A)).
-define(LOG_ALERT(A, B), ?LOG(alert, A, B)).
-define(LOG_ALERT(A, B, C), ?LOG(alert, A, B, C)).
-define(LOG_CRITICAL(A), ?LOG(critical, A)).
-define(LOG_CRITICAL(A, B), ?LOG(critical, A, B)).
-define(LOG_CRITICAL(A, B, C), ?LOG(critical, A, B, C)).
-define(LOG_ERROR(A), ?LOG(error, A)).
-define(LOG_ERROR(A, B), ?LOG(error, A, B)).
-define(LOG_ERROR(A, B, C), ?LOG(error, A, B, C)).
-define(LOG_WARNING(A), ?LOG(warning, A)).
-define(LOG_WARNING(A, B), ?LOG(warning, A, B)).
-define(LOG_WARNING(A, B, C), ?LOG(warning, A, B, C)).
-define(LOG_NOTICE(A), ?LOG(notice, A)).
-define(LOG_NOTICE(A, B), ?LOG(notice, A, B)).
-define(LOG_NOTICE(A, B, C), ?LOG(notice, A, B, C)).
-define(LOG_INFO(A), ?LOG(info, A)).
-define(LOG_INFO(A, B), ?LOG(info, A, B)).
-define(LOG_INFO(A, B, C), ?LOG(info, A, B, C)).
-define(LOG_DEBUG(A), ?LOG(debug, A)).
-define(LOG_DEBUG(A, B), ?LOG(debug, A, B)).
-define(LOG_DEBUG(A, B, C), ?LOG(debug, A, B, C)).

-endif.

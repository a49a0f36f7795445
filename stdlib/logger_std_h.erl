%% logger_std_h: the standard handler of OTP 25's logger (the default
%% handler's module), on Girder without a handler process: log/2 formats
%% in the caller and writes at once to the handler's `type`: standard_io
%% (the user device, as OTP's handler process writes there whatever the
%% caller's group leader), standard_error, or {file, Name} appended to
%% as UTF-8. There is no overload protection (burst limits, drop and
%% flush modes), so those settings are kept and have no effect.
-module(logger_std_h).
-export([log/2, filesync/1, adding_handler/1, removing_handler/1, changing_config/3]).

log(Event, #{formatter := {FModule, FConfig}} = Config) ->
    Text = try FModule:format(Event, FConfig)
           catch _:_ -> "DEFAULT FORMATTER CRASHED\n"
           end,
    write(maps:get(type, maps:get(config, Config, #{}), standard_io), Text).

write(standard_io, Text) ->
    Device = case whereis(user) of
                 undefined -> standard_io;
                 User -> User
             end,
    io:put_chars(Device, Text);
write(standard_error, Text) ->
    io:put_chars(standard_error, Text);
write({file, Name}, Text) ->
    write({file, Name, []}, Text);
write({file, Name, _Modes}, Text) ->
    _ = file:write_file(Name, unicode:characters_to_binary(Text), [append]),
    ok;
write(_Other, Text) ->
    io:put_chars(standard_io, Text).

%% Everything is written when log/2 returns.
filesync(_HandlerId) -> ok.

adding_handler(Config) ->
    Defaults = #{type => standard_io},
    {ok, Config#{config => maps:merge(Defaults, maps:get(config, Config, #{}))}}.

removing_handler(_Config) -> ok.

changing_config(_SetOrUpdate, _Old, New) -> {ok, New}.

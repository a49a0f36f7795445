%% io: the part of the OTP 25 `io' module Girder provides: formatted and
%% plain output, written in terms of io_lib:format/2 and the Girder BIF
%% girder:put_chars(Device, Chars) (Device is standard_io, standard_error
%% or user; Chars is unicode chardata; returns ok).
%%
%% Devices: standard_io means the caller's group leader. When that is the
%% VM's own io server (registered as `user', see girder_io.erl) the text is
%% written directly; any other pid (a group leader set by the program, or a
%% pid passed as the device) gets an Erlang I/O protocol request
%% {io_request, From, ReplyAs, {put_chars, unicode, Chars}} and the call
%% waits for its {io_reply, ReplyAs, Reply}.
%%
%% Like OTP, format/fwrite with a bad format or arguments raises badarg
%% with io:format (or io:fwrite) and its arguments on top of the stack.
%%
%% Deviations from OTP:
%%  * There is no input yet: get_line/1,2 and get_chars/2,3 return eof
%%    without printing the prompt, read/1,2 returns eof.
%%  * columns/0,1 and rows/0,1 return {error, enotsup}; setopts/1,2 accept
%%    and ignore any option list; getopts/0,1 return a fixed option list.
%%  * Not provided: fread, request(s), scan_erl_*, parse_erl_*,
%%    get_password.
-module(io).

-export([columns/0, columns/1, format/1, format/2, format/3, fwrite/1,
         fwrite/2, fwrite/3, get_chars/2, get_chars/3, get_line/1,
         get_line/2, getopts/0, getopts/1, nl/0, nl/1, printable_range/0,
         put_chars/1, put_chars/2, read/1, read/2, rows/0, rows/1,
         setopts/1, setopts/2, write/1, write/2]).
%% The io BIFs (vm/bif/io.cpp) trap here to send a request to an I/O server
%% that is not the VM's own.
-export(['$forward'/2]).

'$forward'(Pid, Request) -> io_request(Pid, Request).

put_chars(Chars) -> put_chars(standard_io, Chars).

put_chars(Device, Chars) ->
    case device(Device) of
        direct -> girder:put_chars(Device, Chars);
        Pid -> io_request(Pid, {put_chars, unicode, Chars})
    end.

%% direct, or the pid of the I/O server to ask.
device(standard_io) ->
    GL = group_leader(),
    case whereis(user) of
        GL -> direct;
        _ -> GL
    end;
device(Pid) when is_pid(Pid) ->
    case whereis(user) of
        Pid -> direct;
        _ -> Pid
    end;
device(Name) when is_atom(Name), Name =/= standard_error, Name =/= user ->
    case whereis(Name) of
        Pid when is_pid(Pid) -> device(Pid);
        undefined -> erlang:error(badarg)
    end;
device(_) -> direct.

io_request(Pid, Request) ->
    Ref = erlang:monitor(process, Pid),
    Pid ! {io_request, self(), Ref, Request},
    receive
        {io_reply, Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            case Reply of
                ok -> ok;
                _ -> erlang:error(Reply)
            end;
        {'DOWN', Ref, _, _, _} ->
            erlang:error(terminated)
    end.

nl() -> nl(standard_io).

nl(Device) -> put_chars(Device, "\n").

write(Term) -> write(standard_io, Term).

write(Device, Term) -> put_chars(Device, io_lib:write(Term)).

format(Format) ->
    case format_chars(Format, []) of
        {ok, Chars} -> put_chars(standard_io, Chars);
        error -> erlang:error(badarg, [Format])
    end.

format(Format, Args) ->
    case format_chars(Format, Args) of
        {ok, Chars} -> put_chars(standard_io, Chars);
        error -> erlang:error(badarg, [Format, Args])
    end.

format(Device, Format, Args) ->
    case format_chars(Format, Args) of
        {ok, Chars} -> put_chars(Device, Chars);
        error -> erlang:error(badarg, [Device, Format, Args])
    end.

fwrite(Format) ->
    case format_chars(Format, []) of
        {ok, Chars} -> put_chars(standard_io, Chars);
        error -> erlang:error(badarg, [Format])
    end.

fwrite(Format, Args) ->
    case format_chars(Format, Args) of
        {ok, Chars} -> put_chars(standard_io, Chars);
        error -> erlang:error(badarg, [Format, Args])
    end.

fwrite(Device, Format, Args) ->
    case format_chars(Format, Args) of
        {ok, Chars} -> put_chars(Device, Chars);
        error -> erlang:error(badarg, [Device, Format, Args])
    end.

format_chars(Format, Args) ->
    try io_lib:format(Format, Args) of
        Chars -> {ok, Chars}
    catch
        error:_ -> error
    end.

get_line(_Prompt) -> eof.

get_line(_Device, _Prompt) -> eof.

get_chars(_Prompt, _Count) -> eof.

get_chars(_Device, _Prompt, _Count) -> eof.

read(_Prompt) -> eof.

read(_Device, _Prompt) -> eof.

columns() -> {error, enotsup}.

columns(_Device) -> {error, enotsup}.

rows() -> {error, enotsup}.

rows(_Device) -> {error, enotsup}.

setopts(Opts) -> setopts(standard_io, Opts).

setopts(_Device, Opts) when is_list(Opts) -> ok.

getopts() -> getopts(standard_io).

getopts(_Device) -> [{binary, false}, {encoding, unicode}].

printable_range() -> latin1.

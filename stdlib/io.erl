%% io: the part of the OTP 25 `io' module Girder provides: formatted and
%% plain output, written in terms of io_lib:format/2 and the Girder BIF
%% girder:put_chars(Device, Chars) (Device is standard_io, standard_error
%% or user; Chars is unicode chardata; returns ok), and input from any I/O
%% device.
%%
%% Devices: standard_io means the caller's group leader. When that is the
%% VM's own io server (registered as `user', see girder_io.erl) output is
%% written directly; any other pid (a group leader set by the program, or a
%% pid passed as the device, such as a file opened without raw) gets an
%% Erlang I/O protocol request {io_request, From, ReplyAs, {put_chars,
%% unicode, Chars}} and the call waits for its {io_reply, ReplyAs, Reply}.
%% Input always goes to the device's server (girder_io reads standard
%% input): get_line, get_chars, read (a get_until with girder_read:collect/3,
%% then girder:parse_term/2) and fread (a get_until with io_lib:fread/3).
%% A device that is gone answers {error, terminated}.
%%
%% Like OTP, format/fwrite with a bad format or arguments raises badarg
%% with io:format (or io:fwrite) and its arguments on top of the stack.
%%
%% Deviations from OTP:
%%  * columns/0,1 and rows/0,1 return {error, enotsup}.
%%  * Not provided: scan_erl_*, parse_erl_*, get_password; read/4 ignores
%%    its options.
-module(io).

-export([columns/0, columns/1, format/1, format/2, format/3, fwrite/1,
         fwrite/2, fwrite/3, fread/2, fread/3, get_chars/2, get_chars/3,
         get_line/1, get_line/2, getopts/0, getopts/1, nl/0, nl/1,
         printable_range/0, put_chars/1, put_chars/2, read/1, read/2, read/3,
         read/4, request/1, request/2, requests/1, requests/2, rows/0, rows/1,
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

%% An output request: ok, or an error raised as OTP raises it.
io_request(Pid, Request) ->
    case server_request(Pid, Request) of
        ok -> ok;
        {error, Reason} -> erlang:error(output_error(Reason));
        Other -> erlang:error(Other)
    end.

output_error(terminated) -> terminated;
output_error({no_translation, _, _}) -> no_translation;
output_error(_) -> badarg.

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

%% --- input -------------------------------------------------------------------

get_line(Prompt) -> get_line(standard_io, Prompt).

get_line(Device, Prompt) -> request(Device, {get_line, unicode, Prompt}).

get_chars(Prompt, Count) -> get_chars(standard_io, Prompt, Count).

get_chars(Device, Prompt, Count) -> request(Device, {get_chars, unicode, Prompt, Count}).

read(Prompt) -> read(standard_io, Prompt).

read(Device, Prompt) ->
    case read(Device, Prompt, 1) of
        {ok, Term, _EndLine} -> {ok, Term};
        {error, ErrorInfo, _EndLine} -> {error, ErrorInfo};
        {eof, _EndLine} -> eof;
        Other -> Other
    end.

%% {ok, Term, EndLine} | {error, ErrorInfo, EndLine} | {eof, EndLine}
read(Device, Prompt, StartLine) when is_integer(StartLine) ->
    case request(Device, {get_until, unicode, Prompt, girder_read, collect, [StartLine]}) of
        {term, Text, Start, End} ->
            case girder_read:parse(Text, Start) of
                {ok, Term} -> {ok, Term, End};
                {error, ErrorInfo} -> {error, ErrorInfo, End};
                eof -> {eof, End}
            end;
        {eof, End} ->
            {eof, End};
        Other ->
            Other
    end.

read(Device, Prompt, StartLine, _Options) -> read(Device, Prompt, StartLine).

fread(Prompt, Format) -> fread(standard_io, Prompt, Format).

fread(Device, Prompt, Format) ->
    request(Device, {get_until, unicode, Prompt, io_lib, fread, [Format]}).

%% --- requests ------------------------------------------------------------------

request(Request) -> request(standard_io, Request).

%% Send an I/O request to Device's server and wait for the reply;
%% {error, terminated} when the server is gone, {error, arguments} when
%% Device names none.
request(Device, Request) ->
    case server(Device) of
        Pid when is_pid(Pid) -> server_request(Pid, Request);
        _ -> {error, arguments}
    end.

requests(Requests) -> requests(standard_io, Requests).

requests(Device, Requests) -> request(Device, {requests, Requests}).

server(standard_io) -> group_leader();
server(standard_error) -> whereis(user);
server(Pid) when is_pid(Pid) -> Pid;
server(Name) when is_atom(Name) -> whereis(Name);
server(_) -> undefined.

server_request(Pid, Request) ->
    Ref = erlang:monitor(process, Pid),
    Pid ! {io_request, self(), Ref, Request},
    receive
        {io_reply, Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, _, _, _} ->
            {error, terminated}
    end.

columns() -> {error, enotsup}.

columns(_Device) -> {error, enotsup}.

rows() -> {error, enotsup}.

rows(_Device) -> {error, enotsup}.

setopts(Opts) -> setopts(standard_io, Opts).

setopts(Device, Opts) -> request(Device, {setopts, Opts}).

getopts() -> getopts(standard_io).

getopts(Device) -> request(Device, getopts).

printable_range() -> latin1.

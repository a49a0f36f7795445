%% girder_file_io: the I/O server behind a file opened without `raw'
%% (file:open/2 returns its pid). It owns a raw handle (the girder_file
%% BIFs) and monitors the process that opened the file, so it ends
%% (closing the file) when that process ends, normally or not. As in OTP it
%% is not linked to it: a process that traps exits gets no 'EXIT' message
%% when its file closes, and a failing file server (an encoding error ends
%% it, as OTP's) does not take the opener down.
%%
%% It speaks two protocols:
%%  * the Erlang I/O protocol ({io_request, From, ReplyAs, Request}), so
%%    io:format/3, io:get_line/2, io:read/2, io:fread/3... work on the file
%%    (prompts are ignored); file:read/2, file:write/2 and file:read_line/1
%%    on the pid come this way too, as latin1 requests;
%%  * file requests ({file_request, From, ReplyAs, Request}, answered by
%%    {file_reply, ReplyAs, Reply}): close, position, pread, pwrite,
%%    truncate, sync, datasync.
%%
%% Input is read in chunks into a buffer (girder_io_lib cuts lines and
%% characters out of it); whatever the buffer still holds is given back
%% with a seek before anything that moves or uses the file position. As
%% OTP's file server, pread and pwrite here leave the position after the
%% data they read or wrote.
-module(girder_file_io).
-export([start/3]).

-define(CHUNK, 65536).

-record(f, {fd,          % the raw handle
            owner,       % the opener
            mode,        % {Binary, Unicode}
            buf = <<>>}).% bytes read ahead of the file position the client sees

%% {ok, Pid} | {error, Reason}. RawModes: what the raw open gets (read,
%% write, append, exclusive, sync, read_ahead...).
start(Name, RawModes, Mode) ->
    Owner = self(),
    Pid = spawn(fun() -> init(Owner, Name, RawModes, Mode) end),
    Ref = erlang:monitor(process, Pid),
    receive
        {Pid, opened} ->
            erlang:demonitor(Ref, [flush]),
            {ok, Pid};
        {Pid, {error, _} = Error} ->
            erlang:demonitor(Ref, [flush]),
            Error;
        {'DOWN', Ref, process, Pid, Reason} ->
            {error, Reason}
    end.

init(Owner, Name, RawModes, Mode) ->
    %% Watch the owner first: it may end while the file opens.
    erlang:monitor(process, Owner),
    case file:open(Name, [raw, binary | RawModes]) of
        {ok, Fd} ->
            Owner ! {self(), opened},
            loop(#f{fd = Fd, owner = Owner, mode = Mode});
        Error ->
            Owner ! {self(), Error}
    end.

loop(F) ->
    receive
        {io_request, From, ReplyAs, Request} when is_pid(From) ->
            case io_request(Request, F) of
                {{error, {no_translation, _, _}} = Reply, F1} ->
                    %% Characters the file's encoding cannot hold end the
                    %% server, as they end OTP's.
                    From ! {io_reply, ReplyAs, Reply},
                    file:close(F1#f.fd);
                {Reply, F1} ->
                    From ! {io_reply, ReplyAs, Reply},
                    loop(F1)
            end;
        {file_request, From, ReplyAs, close} when is_pid(From) ->
            From ! {file_reply, ReplyAs, file:close(F#f.fd)};
        {file_request, From, ReplyAs, Request} when is_pid(From) ->
            {Reply, F1} = file_request(Request, F),
            From ! {file_reply, ReplyAs, Reply},
            loop(F1);
        {'DOWN', _, process, Owner, _} when Owner =:= F#f.owner ->
            file:close(F#f.fd);
        _ ->
            loop(F)
    end.

%% --- the I/O protocol --------------------------------------------------------

io_request({put_chars, Enc, Chars}, F) -> put(Enc, Chars, F);
io_request({put_chars, Chars}, F) -> put(latin1, Chars, F);
io_request({put_chars, Enc, M, A, Args}, F) -> put_apply(Enc, M, A, Args, F);
io_request({put_chars, M, A, Args}, F) -> put_apply(latin1, M, A, Args, F);
io_request(getopts, F) -> {girder_io_lib:getopts(F#f.mode), F};
io_request({getopts, _}, F) -> {girder_io_lib:getopts(F#f.mode), F};
io_request({setopts, Opts}, F) ->
    case girder_io_lib:setopts(Opts, F#f.mode) of
        {ok, Mode} -> {ok, F#f{mode = Mode}};
        Error -> {Error, F}
    end;
io_request({get_geometry, _}, F) -> {{error, enotsup}, F};
io_request({requests, Requests}, F) -> requests(Requests, F);
io_request(Request, F) ->
    case girder_io_lib:input_job(Request) of
        {Job, _Prompt} -> input(Job, F, false);
        error -> {{error, request}, F}
    end.

requests([], F) -> {ok, F};
requests([R | Rest], F) ->
    case io_request(R, F) of
        {ok, F1} -> requests(Rest, F1);
        Other -> Other
    end.

put(Enc, Chars, #f{mode = {_, Unicode}} = F) ->
    case girder_io_lib:put_chars(Enc, Chars, Unicode) of
        Bin when is_binary(Bin) ->
            F1 = unread(F),
            {file:write(F1#f.fd, Bin), F1};
        Error ->
            {Error, F}
    end.

put_apply(Enc, M, A, Args, F) ->
    try apply(M, A, Args) of
        Chars -> put(Enc, Chars, F)
    catch
        _:_ -> {{error, put_chars}, F}
    end.

input(Job, #f{buf = Buf, mode = Mode} = F, Eof) ->
    case step(Job, Buf, Eof, Mode) of
        {done, Reply, Buf1} ->
            {Reply, F#f{buf = Buf1}};
        {more, Job1, Buf1} ->
            case file:read(F#f.fd, ?CHUNK) of
                {ok, More} -> input(Job1, F#f{buf = <<Buf1/binary, More/binary>>}, false);
                eof -> input(Job1, F#f{buf = Buf1}, true);
                {error, _} = Error -> {Error, F#f{buf = Buf1}}
            end
    end.

step(Job, Buf, Eof, Mode) ->
    try girder_io_lib:step(Job, Buf, Eof, Mode)
    catch Class:Reason -> {done, {error, {Class, Reason}}, Buf}
    end.

%% Give back the bytes read ahead: the file position goes to where the
%% client is.
unread(#f{buf = <<>>} = F) ->
    F;
unread(#f{fd = Fd, buf = Buf} = F) ->
    _ = file:position(Fd, {cur, -byte_size(Buf)}),
    F#f{buf = <<>>}.

%% --- file requests -----------------------------------------------------------

file_request({position, At}, F) ->
    F1 = unread(F),
    {file:position(F1#f.fd, At), F1};
file_request({pread, At, Size}, F) ->
    F1 = unread(F),
    {pread(F1, At, Size), F1};
file_request({pread, List}, F) ->
    F1 = unread(F),
    {pread_list(F1, List, []), F1};
file_request({pwrite, At, Data}, F) ->
    F1 = unread(F),
    {pwrite(F1, At, Data), F1};
file_request({pwrite, List}, F) ->
    F1 = unread(F),
    {pwrite_list(F1, List, 0), F1};
file_request(truncate, F) ->
    F1 = unread(F),
    {file:truncate(F1#f.fd), F1};
file_request(sync, F) -> {file:sync(F#f.fd), F};
file_request(datasync, F) -> {file:datasync(F#f.fd), F};
file_request({advise, _, _, _}, F) -> {ok, F};
file_request(_, F) -> {{error, einval}, F}.

pread(#f{fd = Fd, mode = {Binary, _}}, At, Size) ->
    case file:position(Fd, At) of
        {ok, _} ->
            case file:read(Fd, Size) of
                {ok, Bin} when Binary -> {ok, Bin};
                {ok, Bin} -> {ok, binary_to_list(Bin)};
                Other -> Other
            end;
        Error -> Error
    end.

pread_list(_F, [], Acc) ->
    {ok, lists:reverse(Acc)};
pread_list(F, [{At, Size} | Rest], Acc) ->
    case pread(F, At, Size) of
        {ok, Data} -> pread_list(F, Rest, [Data | Acc]);
        eof -> pread_list(F, Rest, [eof | Acc]);
        Error -> Error
    end;
pread_list(_F, _, _) ->
    {error, badarg}.

pwrite(#f{fd = Fd}, At, Data) ->
    case file:position(Fd, At) of
        {ok, _} -> file:write(Fd, Data);
        Error -> Error
    end.

pwrite_list(_F, [], _N) ->
    ok;
pwrite_list(F, [{At, Data} | Rest], N) ->
    case pwrite(F, At, Data) of
        ok -> pwrite_list(F, Rest, N + 1);
        {error, Reason} -> {error, {N, Reason}}
    end;
pwrite_list(_F, _, _) ->
    {error, badarg}.

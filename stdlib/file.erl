%% file: OTP 25's file module on Girder's I/O service.
%%
%% The work is done by the girder_file BIFs (vm/bif/file.cpp), which hand
%% it to the I/O loop (vm/io/file.h): a BIF returns a reference at once and
%% the result comes as {file_reply, Ref, Result}, received here (wait/1). So
%% a process waiting for a file is an ordinary waiting process and no
%% scheduler thread ever blocks on the file system.
%%
%% Open files:
%%  * with `raw': #file_descriptor{module = girder_file, data = Id}, a
%%    handle only the opening process may use (others get
%%    not_on_controlling_process, as in OTP); it closes when that process
%%    ends.
%%  * without: the pid of a girder_file_io server, an I/O device for the io
%%    module as well, which ends with the process that opened it (it
%%    monitors it; as in OTP the two are not linked).
%%
%% Not provided: eval/script and their path_ forms, sendfile, ipread_*,
%% altname, compressed files (the option is ignored), delayed_write's
%% delay, and read_file_info on an open device.
-module(file).

-include_lib("kernel/include/file.hrl").

-export([open/2, close/1, read/2, write/2, pread/2, pread/3, pwrite/2, pwrite/3,
         position/2, sync/1, datasync/1, truncate/1, read_line/1, advise/4,
         allocate/3, read_file/1, write_file/2, write_file/3, consult/1,
         path_consult/2, path_open/3, list_dir/1, list_dir_all/1, make_dir/1,
         del_dir/1, del_dir_r/1, delete/1, delete/2, rename/2, copy/2, copy/3,
         read_file_info/1, read_file_info/2, read_link_info/1, read_link_info/2,
         write_file_info/2, write_file_info/3, read_link/1, read_link_all/1,
         make_symlink/2, make_link/2, change_mode/2, change_owner/2,
         change_owner/3, change_group/2, change_time/2, change_time/3, get_cwd/0,
         get_cwd/1, set_cwd/1, format_error/1, native_name_encoding/0,
         pid2name/1]).

-record(o, {raw = false, binary = false, unicode = false, modes = []}).

%% The answer of a girder_file BIF: the result, or a reference to wait on.
wait(Ref) when is_reference(Ref) ->
    receive {file_reply, Ref, Result} -> Result end;
wait(Result) ->
    Result.

-define(CALL(Expr), wait(try Expr catch error:badarg -> {error, badarg} end)).

%% --- opening -----------------------------------------------------------------

open(Name, Modes) when is_list(Modes) ->
    case modes(Modes, #o{}) of
        #o{raw = true, modes = Raw, binary = Binary} ->
            Flags = case Binary of true -> [binary | Raw]; false -> Raw end,
            case ?CALL(girder_file:open(Name, Flags)) of
                {ok, Id} -> {ok, #file_descriptor{module = girder_file, data = Id}};
                Error -> Error
            end;
        #o{modes = Raw, binary = Binary, unicode = Unicode} ->
            girder_file_io:start(Name, Raw, {Binary, Unicode});
        badarg ->
            {error, badarg}
    end;
open(Name, Mode) when is_atom(Mode) ->
    open(Name, [Mode]);
open(_, _) ->
    {error, badarg}.

%% OTP's open modes; ones Girder has nothing to do for (compressed, ram...)
%% are accepted and ignored, as unknown ones are. delayed_write keeps
%% writes until its size is reached (not its delay: they are written at the
%% next other request, the close, or the owner's exit).
modes([], O) -> O#o{modes = lists:reverse(O#o.modes)};
modes([M | Ms], O) when M =:= read; M =:= write; M =:= append; M =:= exclusive; M =:= sync ->
    modes(Ms, O#o{modes = [M | O#o.modes]});
modes([raw | Ms], O) -> modes(Ms, O#o{raw = true});
modes([binary | Ms], O) -> modes(Ms, O#o{binary = true});
modes([list | Ms], O) -> modes(Ms, O#o{binary = false});
modes([read_ahead | Ms], O) -> modes(Ms, O#o{modes = [{read_ahead, 65536} | O#o.modes]});
modes([{read_ahead, N} | Ms], O) when is_integer(N), N >= 0 ->
    modes(Ms, O#o{modes = [{read_ahead, N} | O#o.modes]});
modes([delayed_write | Ms], O) -> modes(Ms, O#o{modes = [{delayed_write, 65536} | O#o.modes]});
modes([{delayed_write, Size, _Delay} | Ms], O) when is_integer(Size), Size > 0 ->
    modes(Ms, O#o{modes = [{delayed_write, Size} | O#o.modes]});
modes([{encoding, E} | Ms], O) when E =:= unicode; E =:= utf8 -> modes(Ms, O#o{unicode = true});
modes([{encoding, latin1} | Ms], O) -> modes(Ms, O#o{unicode = false});
modes([{encoding, _} | _], _O) -> badarg;
modes([_ | Ms], O) -> modes(Ms, O);
modes(_, _) -> badarg.

close(#file_descriptor{module = girder_file, data = Id}) ->
    wait(girder_file:close(Id));
close(Pid) when is_pid(Pid) ->
    case file_request(Pid, close) of
        {error, terminated} -> ok;
        Other -> Other
    end;
close(_) ->
    {error, badarg}.

%% --- reading and writing -----------------------------------------------------

read(#file_descriptor{module = girder_file, data = Id}, N) when is_integer(N), N >= 0 ->
    wait(girder_file:read(Id, N));
read(Dev, N) when (is_pid(Dev) orelse is_atom(Dev)), is_integer(N), N >= 0 ->
    case io:request(Dev, {get_chars, latin1, '', N}) of
        Data when is_list(Data); is_binary(Data) -> {ok, Data};
        Other -> Other
    end;
read(_, _) ->
    {error, badarg}.

read_line(#file_descriptor{module = girder_file, data = Id}) ->
    wait(girder_file:read_line(Id));
read_line(Dev) when is_pid(Dev); is_atom(Dev) ->
    case io:request(Dev, {get_line, latin1, ''}) of
        Data when is_list(Data); is_binary(Data) -> {ok, Data};
        Other -> Other
    end;
read_line(_) ->
    {error, badarg}.

write(#file_descriptor{module = girder_file, data = Id}, Bytes) ->
    ?CALL(girder_file:write(Id, Bytes));
write(Dev, Bytes) when is_pid(Dev); is_atom(Dev) ->
    io:request(Dev, {put_chars, latin1, Bytes});
write(_, _) ->
    {error, badarg}.

pread(#file_descriptor{module = girder_file, data = Id}, List) when is_list(List) ->
    ?CALL(girder_file:pread(Id, [{offset(At), Size} || {At, Size} <- List]));
pread(Pid, List) when is_pid(Pid), is_list(List) ->
    file_request(Pid, {pread, List});
pread(_, _) ->
    {error, badarg}.

pread(#file_descriptor{module = girder_file, data = Id}, At, Size) ->
    ?CALL(girder_file:pread(Id, offset(At), Size));
pread(Pid, At, Size) when is_pid(Pid) ->
    file_request(Pid, {pread, At, Size});
pread(_, _, _) ->
    {error, badarg}.

pwrite(#file_descriptor{module = girder_file, data = Id}, List) when is_list(List) ->
    ?CALL(girder_file:pwrite(Id, [{offset(At), Data} || {At, Data} <- List]));
pwrite(Pid, List) when is_pid(Pid), is_list(List) ->
    file_request(Pid, {pwrite, List});
pwrite(_, _) ->
    {error, badarg}.

pwrite(#file_descriptor{module = girder_file, data = Id}, At, Data) ->
    ?CALL(girder_file:pwrite(Id, offset(At), Data));
pwrite(Pid, At, Data) when is_pid(Pid) ->
    file_request(Pid, {pwrite, At, Data});
pwrite(_, _, _) ->
    {error, badarg}.

%% A pread/pwrite location: an offset from the start (bof forms only).
offset({bof, N}) -> N;
offset(N) -> N.

position(#file_descriptor{module = girder_file, data = Id}, At) ->
    case location(At) of
        {Whence, Offset} -> ?CALL(girder_file:position(Id, Whence, Offset));
        error -> {error, einval}
    end;
position(Pid, At) when is_pid(Pid) ->
    file_request(Pid, {position, At});
position(_, _) ->
    {error, badarg}.

location(N) when is_integer(N) -> {bof, N};
location(W) when W =:= bof; W =:= cur; W =:= eof -> {W, 0};
location({W, N} = L) when (W =:= bof orelse W =:= cur orelse W =:= eof), is_integer(N) -> L;
location(_) -> error.

truncate(File) -> handle_op(File, truncate).
sync(File) -> handle_op(File, sync).
datasync(File) -> handle_op(File, datasync).

handle_op(#file_descriptor{module = girder_file, data = Id}, Op) ->
    wait(girder_file:Op(Id));
handle_op(Pid, Op) when is_pid(Pid) ->
    file_request(Pid, Op);
handle_op(_, _) ->
    {error, badarg}.

advise(_File, _Offset, _Length, _Advice) -> ok.

allocate(_File, _Offset, _Length) -> {error, enotsup}.

%% A request to a girder_file_io server: {error, terminated} once it is gone.
file_request(Pid, Request) ->
    Ref = erlang:monitor(process, Pid),
    Pid ! {file_request, self(), Ref, Request},
    receive
        {file_reply, Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, _, _, _} ->
            {error, terminated}
    end.

pid2name(_Pid) -> undefined.

%% --- whole files -------------------------------------------------------------

read_file(Name) ->
    ?CALL(girder_file:read_file(Name)).

write_file(Name, Data) ->
    ?CALL(girder_file:write_file(Name, Data, [])).

write_file(Name, Data, Modes) when is_list(Modes) ->
    Flags = [M || M <- Modes, M =:= append orelse M =:= exclusive orelse M =:= sync],
    ?CALL(girder_file:write_file(Name, Data, Flags));
write_file(_, _, _) ->
    {error, badarg}.

consult(Name) ->
    case read_file(Name) of
        {ok, Bin} -> girder_read:read_all(text(Bin), 1);
        Error -> Error
    end.

%% The characters of a file of terms: UTF-8 (OTP's default for source
%% text), or latin1 when the bytes are not UTF-8.
text(Bin) ->
    case unicode:characters_to_list(Bin) of
        Chars when is_list(Chars) -> Chars;
        _ -> binary_to_list(Bin)
    end.

path_consult(Dirs, Name) ->
    path_try(Dirs, Name, fun consult/1).

path_open(Dirs, Name, Modes) ->
    path_try(Dirs, Name, fun(Full) -> open(Full, Modes) end).

path_try([Dir | Dirs], Name, Fun) ->
    Full = filename:join(Dir, Name),
    case Fun(Full) of
        {ok, Value} -> {ok, Value, Full};
        {error, enoent} -> path_try(Dirs, Name, Fun);
        Error -> Error
    end;
path_try([], _Name, _Fun) ->
    {error, enoent}.

copy(Source, Dest) ->
    copy(Source, Dest, infinity).

copy(Source, Dest, Count) when Count =:= infinity; is_integer(Count), Count >= 0 ->
    case copy_open(Source, read) of
        {ok, S, CloseS} ->
            Result = case copy_open(Dest, write) of
                         {ok, D, CloseD} ->
                             R = copy_loop(S, D, Count, 0),
                             CloseD(),
                             R;
                         Error ->
                             Error
                     end,
            CloseS(),
            Result;
        Error ->
            Error
    end;
copy(_, _, _) ->
    {error, badarg}.

%% An open device is used as it is; a name (with or without modes) is
%% opened here, raw, and closed after.
copy_open(#file_descriptor{} = Fd, _) -> {ok, Fd, fun() -> ok end};
copy_open(Pid, _) when is_pid(Pid) -> {ok, Pid, fun() -> ok end};
copy_open({Name, Modes}, Mode) when is_list(Modes) -> copy_open_name(Name, [Mode | Modes]);
copy_open(Name, Mode) -> copy_open_name(Name, [Mode]).

copy_open_name(Name, Modes) ->
    case open(Name, [raw, binary | Modes]) of
        {ok, Fd} -> {ok, Fd, fun() -> close(Fd) end};
        Error -> Error
    end.

copy_loop(_S, _D, Count, Done) when is_integer(Count), Done >= Count ->
    {ok, Done};
copy_loop(S, D, Count, Done) ->
    Chunk = case Count of
                infinity -> 256 * 1024;
                _ when Count - Done < 256 * 1024 -> Count - Done;
                _ -> 256 * 1024
            end,
    case read(S, Chunk) of
        {ok, Data} ->
            case write(D, Data) of
                ok -> copy_loop(S, D, Count, Done + iolist_size(Data));
                Error -> Error
            end;
        eof ->
            {ok, Done};
        Error ->
            Error
    end.

%% --- directories and names ---------------------------------------------------

list_dir(Dir) -> ?CALL(girder_file:list_dir(Dir, false)).
list_dir_all(Dir) -> ?CALL(girder_file:list_dir(Dir, true)).
make_dir(Dir) -> ?CALL(girder_file:make_dir(Dir)).
del_dir(Dir) -> ?CALL(girder_file:del_dir(Dir)).
delete(Name) -> ?CALL(girder_file:delete(Name)).
delete(Name, _Opts) -> delete(Name).
rename(From, To) -> ?CALL(girder_file:rename(From, To)).
read_link(Name) -> ?CALL(girder_file:read_link(Name)).
read_link_all(Name) -> read_link(Name).
make_symlink(Existing, New) -> ?CALL(girder_file:make_symlink(Existing, New)).
make_link(Existing, New) -> ?CALL(girder_file:make_link(Existing, New)).

%% A directory and everything in it (not following links); a file is
%% deleted.
del_dir_r(Name) ->
    case read_link_info(Name) of
        {ok, #file_info{type = directory}} ->
            case list_dir_all(Name) of
                {ok, Names} ->
                    del_all([filename:join(Name, N) || N <- Names], Name);
                Error ->
                    Error
            end;
        {ok, _} ->
            delete(Name);
        Error ->
            Error
    end.

del_all([Path | Paths], Dir) ->
    Result = case read_link_info(Path) of
                 {ok, #file_info{type = directory}} -> del_dir_r(Path);
                 {ok, _} -> delete(Path);
                 Error -> Error
             end,
    case Result of
        ok -> del_all(Paths, Dir);
        _ -> Result
    end;
del_all([], Dir) ->
    del_dir(Dir).

get_cwd() -> girder_file:get_cwd().
get_cwd(_Drive) -> {error, enotsup}.
%% A file that is not a directory is enoent here, as OTP says.
set_cwd(Dir) ->
    case ?CALL(girder_file:set_cwd(Dir)) of
        {error, enotdir} -> {error, enoent};
        Other -> Other
    end.

native_name_encoding() -> utf8.

%% --- file information --------------------------------------------------------

read_file_info(Name) -> read_file_info(Name, []).
read_file_info(Name, Opts) when is_list(Opts) ->
    ?CALL(girder_file:read_file_info(Name, true, time_opt(Opts)));
read_file_info(_, _) -> {error, badarg}.

read_link_info(Name) -> read_link_info(Name, []).
read_link_info(Name, Opts) when is_list(Opts) ->
    ?CALL(girder_file:read_file_info(Name, false, time_opt(Opts)));
read_link_info(_, _) -> {error, badarg}.

time_opt(Opts) ->
    case lists:keyfind(time, 1, Opts) of
        {time, T} when T =:= local; T =:= universal; T =:= posix -> T;
        _ -> local
    end.

write_file_info(Name, Info) -> write_file_info(Name, Info, []).

%% The defined fields of Info, in turn: mode, owner and group, times.
write_file_info(Name, #file_info{} = Info, Opts) when is_list(Opts) ->
    Time = time_opt(Opts),
    Steps = [fun() -> mode_step(Name, Info#file_info.mode) end,
             fun() -> owner_step(Name, Info#file_info.uid, Info#file_info.gid) end,
             fun() -> time_step(Name, Info#file_info.atime, Info#file_info.mtime, Time) end],
    run_steps(Steps);
write_file_info(_, _, _) ->
    {error, badarg}.

run_steps([]) -> ok;
run_steps([Step | Steps]) ->
    case Step() of
        ok -> run_steps(Steps);
        Error -> Error
    end.

mode_step(_Name, undefined) -> ok;
mode_step(Name, Mode) -> change_mode(Name, Mode).

owner_step(_Name, undefined, undefined) -> ok;
owner_step(Name, Uid, Gid) -> change_owner(Name, id(Uid), id(Gid)).

id(undefined) -> -1;
id(N) -> N.

time_step(_Name, undefined, undefined, _) -> ok;
time_step(Name, undefined, M, T) -> time_step(Name, M, M, T);
time_step(Name, A, undefined, T) -> time_step(Name, A, A, T);
time_step(Name, A, M, T) -> ?CALL(girder_file:change_time(Name, seconds(A, T), seconds(M, T))).

change_mode(Name, Mode) -> ?CALL(girder_file:change_mode(Name, Mode)).
change_owner(Name, Uid) -> change_owner(Name, Uid, -1).
change_owner(Name, Uid, Gid) -> ?CALL(girder_file:change_owner(Name, Uid, Gid)).
change_group(Name, Gid) -> change_owner(Name, -1, Gid).

change_time(Name, Mtime) -> change_time(Name, Mtime, Mtime).
change_time(Name, Atime, Mtime) ->
    ?CALL(girder_file:change_time(Name, seconds(Atime, local), seconds(Mtime, local))).

%% Seconds since the epoch for a time as #file_info{} holds it.
-define(EPOCH_SECONDS, 62167219200).
seconds(S, _) when is_integer(S) -> S;
seconds({{_, _, _}, {_, _, _}} = DT, universal) ->
    calendar:datetime_to_gregorian_seconds(DT) - ?EPOCH_SECONDS;
seconds({{_, _, _}, {_, _, _}} = DT, _) ->
    calendar:datetime_to_gregorian_seconds(calendar:local_time_to_universal_time(DT)) - ?EPOCH_SECONDS;
seconds(_, _) ->
    erlang:error(badarg).

%% --- errors ------------------------------------------------------------------

format_error({Line, Module, Descriptor}) when is_integer(Line) ->
    io_lib:format("~w: ~ts", [Line, describe(Module, Descriptor)]);
format_error(badarg) -> "bad argument";
format_error(terminated) -> "the file server process is terminated";
format_error(system_limit) -> "a system limit was hit, probably not enough ports";
format_error(Reason) -> posix_message(Reason).

%% What erl_parse:format_error/1 and erl_scan:format_error/1 say.
describe(erl_scan, {string, $", Head}) -> ["unterminated string starting with ", io_lib:write_string(Head)];
describe(erl_scan, {string, $', Head}) -> ["unterminated atom starting with ", io_lib:write_atom(list_to_atom(Head))];
describe(erl_scan, char) -> "unterminated character";
describe(erl_scan, {illegal, What}) -> io_lib:format("illegal ~w", [What]);
describe(erl_scan, {base, Base}) -> io_lib:format("illegal base '~w'", [Base]);
describe(Module, Descriptor) when Module =:= erl_parse; Module =:= erl_scan ->
    case io_lib:deep_char_list(Descriptor) of
        true -> Descriptor;
        false -> io_lib:write(Descriptor)
    end;
describe(Module, Descriptor) ->
    try Module:format_error(Descriptor)
    catch _:_ -> io_lib:write(Descriptor)
    end.

posix_message(eacces) -> "permission denied";
posix_message(eagain) -> "resource temporarily unavailable";
posix_message(ebadf) -> "bad file number";
posix_message(ebusy) -> "file busy";
posix_message(edquot) -> "disk quota exceeded";
posix_message(eexist) -> "file already exists";
posix_message(efbig) -> "file too large";
posix_message(eio) -> "I/O error";
posix_message(einval) -> "invalid argument";
posix_message(eisdir) -> "illegal operation on a directory";
posix_message(eloop) -> "too many levels of symbolic links";
posix_message(emfile) -> "too many open files";
posix_message(emlink) -> "too many links";
posix_message(enametoolong) -> "file name too long";
posix_message(enfile) -> "file table overflow";
posix_message(enodev) -> "no such device";
posix_message(enoent) -> "no such file or directory";
posix_message(enolck) -> "no locks available";
posix_message(enomem) -> "not enough memory";
posix_message(enospc) -> "no space left on device";
posix_message(enosys) -> "function not implemented";
posix_message(enotdir) -> "not a directory";
posix_message(enotempty) -> "directory not empty";
posix_message(enotsup) -> "operation not supported";
posix_message(enxio) -> "no such device or address";
posix_message(eoverflow) -> "offset too large for file system";
posix_message(eperm) -> "not owner";
posix_message(epipe) -> "broken pipe";
posix_message(erofs) -> "read-only file system";
posix_message(espipe) -> "invalid seek";
posix_message(estale) -> "stale remote file handle";
posix_message(etxtbsy) -> "text file or pseudo-device busy";
posix_message(exdev) -> "cross-domain link";
posix_message(_) -> "unknown POSIX error".

-module(file_api).
-export([main/0]).

%% The file module: whole-file read/write, open modes, positioned I/O,
%% read_line, error atoms, rename/copy/delete, directories, read_file_info,
%% consult and write_file/3.  Works in a scratch directory file_api_tmp
%% (removed first if a crashed earlier run left it behind).

-include_lib("kernel/include/file.hrl").

-define(D, "file_api_tmp").

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

p(Name) -> filename:join(?D, Name).

rm_rf(Path) ->
    case file:read_link_info(Path) of
        {ok, #file_info{type = directory}} ->
            {ok, Names} = file:list_dir(Path),
            [rm_rf(filename:join(Path, N)) || N <- Names],
            ok = file:del_dir(Path);
        {ok, _} -> ok = file:delete(Path);
        {error, enoent} -> ok
    end.

main() ->
    rm_rf(?D),
    show("make_dir", file:make_dir(?D)),
    show("make_dir again", file:make_dir(?D)),

    %% --- whole files ---
    io:format("-- write_file / read_file~n"),
    F = p("a.txt"),
    show("write_file", file:write_file(F, <<"hello\nworld\n">>)),
    show("read_file", file:read_file(F)),
    show("write_file iolist", file:write_file(F, ["abc", $d, <<"ef">>, [[$\n]]])),
    show("read_file", file:read_file(F)),
    show("write_file/3 append", file:write_file(F, <<"more\n">>, [append])),
    show("read_file", file:read_file(F)),
    show("write_file empty", file:write_file(p("empty"), <<>>)),
    show("read_file empty", file:read_file(p("empty"))),
    Bin = << <<I>> || I <- lists:seq(0, 255) >>,
    ok = file:write_file(p("bytes"), Bin),
    show("binary round trip", file:read_file(p("bytes")) =:= {ok, Bin}),
    show("read_file missing", file:read_file(p("missing"))),
    show("read_file directory", file:read_file(?D)),
    show("read_file through a file", file:read_file(p("a.txt/x"))),
    show("write_file into missing dir", file:write_file(p("nodir/x"), <<"x">>)),
    show("write_file through a file", file:write_file(p("a.txt/x"), <<"x">>)),
    show("write_file onto a directory", file:write_file(?D, <<"x">>)),

    %% --- open modes ---
    io:format("-- open modes~n"),
    G = p("g.txt"),
    {ok, W} = file:open(G, [write]),
    show("write", file:write(W, "line one\n")),
    show("write binary", file:write(W, <<"line two\n">>)),
    show("read on write-only", file:read(W, 3)),
    show("close", file:close(W)),
    show("close again", file:close(W)),
    show("write after close", file:write(W, "x")),
    {ok, R} = file:open(G, [read]),
    show("read 4", file:read(R, 4)),
    show("read 100", file:read(R, 100)),
    show("read at eof", file:read(R, 1)),
    show("write on read-only", file:write(R, "x")),
    ok = file:close(R),
    {ok, A} = file:open(G, [append]),
    ok = file:write(A, "line three\n"),
    ok = file:close(A),
    show("after append", file:read_file(G)),
    {ok, A2} = file:open(G, [append]),
    show("append ignores position", file:position(A2, bof)),
    ok = file:write(A2, "four\n"),
    ok = file:close(A2),
    show("still appended", file:read_file(G)),
    {ok, W2} = file:open(G, [write]),
    ok = file:close(W2),
    show("write truncates", file:read_file(G)),
    show("exclusive on existing", file:open(G, [write, exclusive])),
    {ok, X} = file:open(p("excl.txt"), [write, exclusive]),
    ok = file:write(X, "new"),
    ok = file:close(X),
    show("exclusive created", file:read_file(p("excl.txt"))),
    show("open missing for read", file:open(p("missing"), [read])),
    show("open in missing dir", file:open(p("nodir/x"), [write])),
    show("open directory for write", file:open(?D, [write])),
    {ok, RB} = file:open(p("excl.txt"), [read, binary]),
    show("binary read", file:read(RB, 10)),
    ok = file:close(RB),
    {ok, RL} = file:open(p("excl.txt"), [read]),
    show("list read", file:read(RL, 10)),
    ok = file:close(RL),
    show("open a directory for read", file:open(?D, [read])),
    show("raw open a directory for read", file:open(?D, [read, raw])),

    %% --- read + write, positions, pread/pwrite ---
    io:format("-- positions~n"),
    H = p("h.bin"),
    ok = file:write_file(H, <<"0123456789">>),
    {ok, RW} = file:open(H, [read, write, binary]),
    show("position cur", file:position(RW, cur)),
    show("read 3", file:read(RW, 3)),
    show("position cur", file:position(RW, cur)),
    show("position 7", file:position(RW, 7)),
    show("read 10", file:read(RW, 10)),
    show("position eof", file:position(RW, eof)),
    show("position bof", file:position(RW, bof)),
    show("position {bof,2}", file:position(RW, {bof, 2})),
    show("position {cur,3}", file:position(RW, {cur, 3})),
    show("position {cur,-1}", file:position(RW, {cur, -1})),
    show("position {eof,-2}", file:position(RW, {eof, -2})),
    show("read 5", file:read(RW, 5)),
    show("position -1", file:position(RW, -1)),
    show("position {bof,-1}", file:position(RW, {bof, -1})),
    show("position after error", file:position(RW, cur)),
    show("position beyond eof", file:position(RW, 12)),
    show("read beyond eof", file:read(RW, 1)),
    ok = file:write(RW, <<"XY">>),
    show("file grew with a hole", file:read_file(H)),
    show("pread 2,3", file:pread(RW, 2, 3)),
    show("pread past eof", file:pread(RW, 100, 3)),
    show("pread straddling eof", file:pread(RW, 12, 10)),
    show("pwrite 0", file:pwrite(RW, 0, <<"ab">>)),
    show("pread list", file:pread(RW, [{0, 4}, {12, 2}, {50, 1}])),
    show("pwrite list", file:pwrite(RW, [{4, <<"C">>}, {5, "D"}])),
    show("position unchanged by pread/pwrite", file:position(RW, cur)),
    show("contents", file:read_file(H)),
    show("truncate at 6", begin {ok, 6} = file:position(RW, 6), file:truncate(RW) end),
    show("contents", file:read_file(H)),
    show("read 0 bytes", file:read(RW, 0)),
    show("sync", file:sync(RW)),
    ok = file:close(RW),

    %% --- read_line ---
    io:format("-- read_line~n"),
    ok = file:write_file(p("lines"), <<"first\nsecond\r\n\nlast without newline">>),
    {ok, LF} = file:open(p("lines"), [read]),
    show("lines", read_lines(LF)),
    ok = file:close(LF),
    {ok, LB} = file:open(p("lines"), [read, binary]),
    show("binary lines", read_lines(LB)),
    ok = file:close(LB),
    {ok, LR} = file:open(p("lines"), [read, raw, binary]),
    show("raw lines", read_lines(LR)),
    ok = file:close(LR),
    {ok, LRA} = file:open(p("lines"), [read, raw, read_ahead]),
    show("raw read_ahead lines", read_lines(LRA)),
    ok = file:close(LRA),
    {ok, E0} = file:open(p("empty"), [read]),
    show("read_line on empty", file:read_line(E0)),
    show("read on empty", file:read(E0, 1)),
    ok = file:close(E0),

    %% --- raw files ---
    io:format("-- raw~n"),
    {ok, RawW} = file:open(p("raw.bin"), [write, raw, binary]),
    show("raw write", file:write(RawW, [<<"raw">>, " data"])),
    ok = file:close(RawW),
    {ok, RawR} = file:open(p("raw.bin"), [read, raw, binary]),
    show("raw read", file:read(RawR, 100)),
    show("raw eof", file:read(RawR, 100)),
    show("raw pread", file:pread(RawR, 4, 4)),
    show("raw position", file:position(RawR, {eof, -4})),
    show("raw read", file:read(RawR, 2)),
    ok = file:close(RawR),
    {ok, RawL} = file:open(p("raw.bin"), [read, raw]),
    show("raw list read", file:read(RawL, 3)),
    ok = file:close(RawL),
    show("raw open missing", file:open(p("missing"), [read, raw])),
    {ok, NR} = file:open(p("raw.bin"), [read]),
    show("non-raw handle is a pid", is_pid(NR)),
    ok = file:close(NR),

    %% --- rename / copy / delete ---
    io:format("-- rename / copy / delete~n"),
    ok = file:write_file(p("src"), <<"copy me">>),
    show("copy", file:copy(p("src"), p("dst"))),
    show("copied", file:read_file(p("dst"))),
    show("copy with limit", file:copy(p("src"), p("dst2"), 4)),
    show("copied part", file:read_file(p("dst2"))),
    show("copy missing", file:copy(p("missing"), p("dst3"))),
    show("rename", file:rename(p("dst"), p("renamed"))),
    show("old name gone", file:read_file(p("dst"))),
    show("new name", file:read_file(p("renamed"))),
    show("rename over existing", file:rename(p("renamed"), p("src"))),
    show("replaced", file:read_file(p("src"))),
    show("rename missing", file:rename(p("missing"), p("x"))),
    show("rename into missing dir", file:rename(p("src"), p("nodir/x"))),
    show("delete", file:delete(p("src"))),
    show("delete again", file:delete(p("src"))),
    show("delete directory", file:delete(?D)),
    show("delete through a file", file:delete(p("a.txt/x"))),

    %% --- directories ---
    io:format("-- directories~n"),
    Sub = p("sub"),
    show("make_dir", file:make_dir(Sub)),
    show("make_dir exists", file:make_dir(Sub)),
    show("make_dir missing parent", file:make_dir(p("no/such"))),
    show("make_dir through a file", file:make_dir(p("a.txt/x"))),
    ok = file:write_file(filename:join(Sub, "inner"), <<"x">>),
    show("del_dir non-empty", file:del_dir(Sub)),
    show("del_dir a file", file:del_dir(p("a.txt"))),
    show("del_dir missing", file:del_dir(p("missing"))),
    show("list_dir", lists:sort(element(2, file:list_dir(?D)))),
    show("list_dir sub", file:list_dir(Sub)),
    show("list_dir missing", file:list_dir(p("missing"))),
    show("list_dir a file", file:list_dir(p("a.txt"))),
    ok = file:delete(filename:join(Sub, "inner")),
    show("del_dir empty", file:del_dir(Sub)),
    show("del_dir again", file:del_dir(Sub)),
    {ok, Cwd} = file:get_cwd(),
    show("get_cwd is a string", is_list(Cwd) andalso Cwd =/= []),
    show("cwd is absolute", filename:pathtype(Cwd)),

    %% --- read_file_info ---
    io:format("-- read_file_info~n"),
    {ok, I1} = file:read_file_info(p("a.txt")),
    show("file info", {I1#file_info.type, I1#file_info.size, I1#file_info.access}),
    {ok, I2} = file:read_file_info(?D),
    show("dir info", {I2#file_info.type, I2#file_info.access}),
    {ok, I3} = file:read_file_info(p("empty")),
    show("empty info", {I3#file_info.type, I3#file_info.size}),
    show("info is a file_info record", is_record(I1, file_info)),
    show("mtime shape", case I1#file_info.mtime of {{Y, Mo, Dd}, {Hh, Mi, Ss}}
                                when is_integer(Y), is_integer(Mo), is_integer(Dd),
                                     is_integer(Hh), is_integer(Mi), is_integer(Ss) -> datetime;
                                Other -> Other end),
    {ok, I4} = file:read_file_info(p("a.txt"), [{time, posix}]),
    show("posix mtime is an integer", is_integer(I4#file_info.mtime)),
    show("info missing", file:read_file_info(p("missing"))),
    show("info through a file", file:read_file_info(p("a.txt/x"))),
    ok = file:change_mode(p("a.txt"), 8#444),
    {ok, I5} = file:read_file_info(p("a.txt")),
    show("read-only mode bits", I5#file_info.mode band 8#777),
    ok = file:change_mode(p("a.txt"), 8#644),

    %% --- consult ---
    io:format("-- consult~n"),
    ok = file:write_file(p("terms"),
        <<"%% a comment\n{a, 1}.\n[1, 2, \"three\"].\n#{k => v}.\n"
          "'quoted atom'. <<\"bin\">>. 3.5.\n{nested, {deep, [x]}}.\n">>),
    show("consult", file:consult(p("terms"))),
    ok = file:write_file(p("empty_terms"), <<"%% nothing here\n">>),
    show("consult empty", file:consult(p("empty_terms"))),
    ok = file:write_file(p("bad_terms"), <<"{ok, 1}.\n{oops.\n">>),
    show("consult syntax error", file:consult(p("bad_terms"))),
    ok = file:write_file(p("no_dot"), <<"{ok, 1}">>),
    show("consult missing dot", file:consult(p("no_dot"))),
    show("consult missing file", file:consult(p("missing"))),

    %% --- cleanup ---
    rm_rf(?D),
    show("scratch dir removed", file:read_file_info(?D)),
    ok.

read_lines(Fd) ->
    case file:read_line(Fd) of
        {ok, L} -> [L | read_lines(Fd)];
        eof -> [eof];
        E -> [E]
    end.

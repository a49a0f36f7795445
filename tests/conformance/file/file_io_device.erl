-module(file_io_device).
-export([main/0]).

%% A file opened without raw is an io device (a pid) that the io module
%% can use: io:format/3, io:fwrite/3, io:put_chars/2, io:nl/1, io:write/2,
%% io:get_line/2, io:get_chars/3, io:read/2, io:setopts/getopts; list vs
%% binary mode; eof.  Scratch directory: file_io_device_tmp.

-define(D, "file_io_device_tmp").

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

p(Name) -> filename:join(?D, Name).

cleanup() ->
    case file:list_dir(?D) of
        {ok, Names} -> [ok = file:delete(p(N)) || N <- Names], ok = file:del_dir(?D);
        {error, enoent} -> ok
    end.

get_lines(Dev) ->
    case io:get_line(Dev, '') of
        eof -> [eof];
        {error, _} = E -> [E];
        L -> [L | get_lines(Dev)]
    end.

read_terms(Dev) ->
    case io:read(Dev, '') of
        {ok, T} -> [T | read_terms(Dev)];
        {eof, _} -> [eof];
        eof -> [eof];
        Other -> [Other]
    end.

main() ->
    cleanup(),
    ok = file:make_dir(?D),
    F = p("out.txt"),

    %% --- writing through io ---
    io:format("-- writing~n"),
    {ok, W} = file:open(F, [write]),
    show("device is a pid", is_pid(W)),
    show("io:format", io:format(W, "Hello ~s, ~p and ~w~n", ["world", {a, "b"}, [1, 2]])),
    show("io:fwrite", io:fwrite(W, "~5.2f|~-6s|~6s|~.16B~n", [3.14159, "ab", "cd", 255])),
    show("io:put_chars", io:put_chars(W, ["put ", <<"chars">>])),
    show("io:nl", io:nl(W)),
    show("io:write", io:write(W, {term, [1, 2, 3], <<"bin">>})),
    ok = io:nl(W),
    ok = io:format(W, "{x, 1}.~n[y, \"z\"].~n", []),
    ok = io:format(W, "last line without newline", []),
    show("file:write on the same device", file:write(W, "")),
    show("io:getopts", lists:sort([O || {K, _} = O <- io:getopts(W), lists:member(K, [binary, encoding])])),
    ok = file:close(W),
    {ok, Contents} = file:read_file(F),
    io:format("file contents:~n~s~n-- end of contents~n", [Contents]),
    show("format on closed device", try io:format(W, "x", []) catch Cl:Re -> {raised, Cl, Re} end),

    %% --- reading lines ---
    io:format("-- get_line~n"),
    {ok, R} = file:open(F, [read]),
    show("lines (list mode)", get_lines(R)),
    show("get_line again at eof", io:get_line(R, '')),
    ok = file:close(R),
    {ok, RB} = file:open(F, [read, binary]),
    [show("binary line", L) || L <- lists:sublist(get_lines(RB), 3)],
    show("binary at eof", io:get_line(RB, '')),
    ok = file:close(RB),

    %% --- get_chars ---
    io:format("-- get_chars~n"),
    ok = file:write_file(p("chars"), <<"abcdefghij\nklm">>),
    {ok, C} = file:open(p("chars"), [read]),
    show("get_chars 3", io:get_chars(C, '', 3)),
    show("get_chars 10 across newline", io:get_chars(C, '', 10)),
    show("get_chars more than left", io:get_chars(C, '', 10)),
    show("get_chars at eof", io:get_chars(C, '', 1)),
    ok = file:close(C),
    {ok, CB} = file:open(p("chars"), [read, binary]),
    show("binary get_chars", io:get_chars(CB, '', 4)),
    show("then get_line", io:get_line(CB, '')),
    show("then get_line", io:get_line(CB, '')),
    show("then eof", io:get_line(CB, '')),
    ok = file:close(CB),

    %% --- switching mode with io:setopts ---
    {ok, S} = file:open(p("chars"), [read]),
    show("list line", io:get_line(S, '')),
    show("setopts binary", io:setopts(S, [binary])),
    show("binary after setopts", io:get_chars(S, '', 2)),
    ok = io:setopts(S, [list]),
    show("list after setopts", io:get_chars(S, '', 1)),
    ok = file:close(S),

    %% --- io:read terms ---
    io:format("-- io:read~n"),
    ok = file:write_file(p("terms"), <<"{a, 1}.\n  [b, \"c\"]. 42.\n%% comment\n#{k => v}.\n'at om'.\n">>),
    {ok, T} = file:open(p("terms"), [read]),
    show("terms", read_terms(T)),
    ok = file:close(T),
    ok = file:write_file(p("badterms"), <<"{ok, 1}.\n{bad.\n">>),
    {ok, TB} = file:open(p("badterms"), [read]),
    show("first term", io:read(TB, '')),
    show("syntax error", io:read(TB, '')),
    show("after the error", io:read(TB, '')),
    ok = file:close(TB),

    %% --- the same io calls work on a file opened for read and write ---
    {ok, RW} = file:open(p("rw"), [read, write]),
    ok = io:format(RW, "one~ntwo~n", []),
    {ok, 0} = file:position(RW, bof),
    show("rw get_line", io:get_line(RW, '')),
    show("rw read", file:read(RW, 2)),
    show("rw get_line rest", io:get_line(RW, '')),
    show("rw eof", io:get_line(RW, '')),
    ok = file:close(RW),

    %% --- utf8 encoding option ---
    {ok, U} = file:open(p("utf8"), [write, {encoding, utf8}]),
    ok = io:format(U, "~ts~n", [[955, 246]]),
    ok = file:close(U),
    io:format("utf8 bytes: ~w~n", [file:read_file(p("utf8"))]),
    {ok, UR} = file:open(p("utf8"), [read, {encoding, utf8}]),
    show("utf8 get_line", io:get_line(UR, '')),
    ok = file:close(UR),

    %% --- owner death closes the device ---
    Self = self(),
    spawn(fun() -> {ok, D} = file:open(p("owned"), [write]), Self ! {dev, D} end),
    Dev = receive {dev, D0} -> D0 after 5000 -> none end,
    timer:sleep(50),
    show("device alive after its owner died", is_process_alive(Dev)),

    cleanup(),
    show("scratch removed", file:list_dir(?D)),
    ok.

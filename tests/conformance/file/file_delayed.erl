-module(file_delayed).
-export([main/0]).

%% delayed_write: writes kept until the size is reached, then written
%% together; any other request (position, pread, read), the close and the
%% owner's exit write them first. Append mode, a file I/O server with
%% delayed_write, and read+write files.  Scratch directory: file_delayed_tmp.

-define(D, "file_delayed_tmp").

main() ->
    _ = file:del_dir_r(?D),
    ok = file:make_dir(?D),
    F = filename:join(?D, "dw.txt"),
    {ok, W} = file:open(F, [write, raw, binary, {delayed_write, 10, 60000}]),
    ok = file:write(W, <<"abc">>),
    ok = file:write(W, <<"def">>),
    io:format("kept: ~p~n", [file:read_file(F)]),
    io:format("position writes them: ~p~n", [file:position(W, cur)]),
    io:format("written: ~p~n", [file:read_file(F)]),
    ok = file:write(W, <<"ghijkl">>),
    ok = file:write(W, <<"0123456789">>),
    io:format("filled: ~p~n", [file:read_file(F)]),
    ok = file:write(W, <<"mn">>),
    io:format("~p~n", [file:position(W, 0)]),
    ok = file:write(W, <<"XY">>),
    io:format("pread on write-only: ~p~n", [file:pread(W, 0, 20)]),
    ok = file:close(W),
    io:format("after close: ~p~n", [file:read_file(F)]),
    {ok, A} = file:open(F, [append, raw, delayed_write]),
    ok = file:write(A, "1"), ok = file:write(A, "2"),
    ok = file:close(A),
    io:format("appended: ~p~n", [file:read_file(F)]),
    {ok, S} = file:open(F, [write, delayed_write]),
    ok = io:format(S, "via ~p~n", [server]),
    ok = file:close(S),
    io:format("through a server: ~p~n", [file:read_file(F)]),
    Self = self(),
    spawn(fun() ->
                  {ok, E} = file:open(F, [write, raw, delayed_write]),
                  ok = file:write(E, "owner exits"),
                  Self ! done
          end),
    receive done -> ok end,
    timer:sleep(100),
    io:format("after the owner exited: ~p~n", [file:read_file(F)]),
    {ok, RW} = file:open(F, [read, write, raw, binary, delayed_write]),
    ok = file:write(RW, <<"OWN">>),
    io:format("read after a kept write: ~p~n", [file:read(RW, 3)]),
    io:format("~p~n", [file:position(RW, cur)]),
    ok = file:close(RW),
    io:format("~p~n", [file:read_file(F)]),
    ok = file:del_dir_r(?D).

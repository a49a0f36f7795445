-module(port_exec_status).
-export([main/0]).

%% How programs are started and end: exit_status ({Port, {exit_status, N}}
%% after the data; 128 + N for a signal), spawn (through the shell) and
%% spawn_executable (no shell: args with spaces stay whole), {arg0, A},
%% {cd, Dir}, {env, ...}, stderr_to_stdout, the EXIT a trapping owner gets
%% when the program ends, and programs that cannot be started.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

%% Everything the port says until it closes. Stream data may come in any
%% number of pieces: consecutive pieces are joined.
all(P) -> all(P, []).
all(P, Acc) ->
    receive
        {P, {data, D}} when is_list(D) ->
            case Acc of
                [{data, Prev} | Rest] when is_list(Prev) -> all(P, [{data, Prev ++ D} | Rest]);
                _ -> all(P, [{data, D} | Acc])
            end;
        {P, Other} -> all(P, [Other | Acc]);
        {'EXIT', P, R} -> lists:reverse([{'EXIT', R} | Acc])
    after 2000 -> lists:reverse([timeout | Acc])
    end.

%% What open_port says, without its stack trace.
try_open(Name, Opts) ->
    try open_port(Name, Opts) of
        P -> {port, is_port(P)}
    catch
        Class:Reason -> {Class, Reason}
    end.

sh(Script, Opts) ->
    open_port({spawn_executable, "/bin/sh"}, [{args, ["-c", Script]} | Opts]).

main() ->
    process_flag(trap_exit, true),
    io:format("-- exit status~n"),
    show("exit 3", all(open_port({spawn, "sh -c \"exit 3\""}, [exit_status]))),
    show("exit 0 with data", all(sh("echo out; exit 0", [exit_status]))),
    show("no exit_status", all(sh("echo out; exit 5", []))),
    show("killed", all(sh("kill -9 $$", [exit_status]))),
    show("last line after status", all(sh("printf 'a\\nb'", [{line, 10}, exit_status]))),
    %% {spawn, Cmd} runs "exec Cmd" in the shell: the command's own status.
    show("spawn exec", all(open_port({spawn, "echo hi; exit 4"}, [exit_status]))),

    io:format("-- arguments~n"),
    show("args with spaces",
         all(open_port({spawn_executable, "/bin/sh"},
                       [{args, ["-c", "for a in \"$@\"; do echo \"[$a]\"; done", "x",
                                "one two", <<"bin arg">>, atom_arg, ""]}]))),
    show("arg0", all(open_port({spawn_executable, "/bin/sh"}, [{arg0, "my-name"}, {args, ["-c", "echo $0"]}]))),
    show("default arg0", all(sh("echo $0", []))),
    show("spawn $0", all(open_port({spawn, "echo $0"}, []))),

    io:format("-- cd and env~n"),
    show("cd", all(sh("pwd", [{cd, "/"}]))),
    os:putenv("GIRDER_PORT_TEST_KEEP", "kept"),
    os:putenv("GIRDER_PORT_TEST_DROP", "dropped"),
    show("env",
         all(sh("echo \"$GIRDER_PORT_TEST_NEW|$GIRDER_PORT_TEST_KEEP|${GIRDER_PORT_TEST_DROP-unset}\"",
                [{env, [{"GIRDER_PORT_TEST_NEW", "new value"}, {"GIRDER_PORT_TEST_DROP", false}]}]))),
    show("env untouched", os:getenv("GIRDER_PORT_TEST_DROP")),

    io:format("-- stderr~n"),
    show("stderr_to_stdout", all(sh("echo to-err >&2", [stderr_to_stdout]))),
    show("stderr apart", all(sh("echo to-the-vm-stderr >&2; echo only-out", []))),

    io:format("-- in and out~n"),
    show("in only", all(sh("cat; echo after-cat", [in]))),
    I = sh("sleep 0.2", [in]),
    show("command to in-only", port_command(I, "x")),
    show("then", all(I)),

    io:format("-- cannot start~n"),
    show("enoent", try_open({spawn_executable, "/nonexistent/program"}, [])),
    show("no path search", try_open({spawn_executable, "sh"}, [])),
    show("eacces", try_open({spawn_executable, "/etc/passwd"}, [])),
    show("bad option", try_open({spawn, "cat"}, [bogus])),
    show("packet 3", try_open({spawn, "cat"}, [{packet, 3}])),
    show("line 0", try_open({spawn, "cat"}, [{line, 0}])),
    show("packet and line", try_open({spawn, "cat"}, [{packet, 2}, {line, 10}])),
    show("args with spawn", try_open({spawn, "cat"}, [{args, ["x"]}])),
    show("empty command", try_open({spawn, ""}, [])),
    show("bad name", try_open({nothing, "cat"}, [])),
    io:format("done~n").

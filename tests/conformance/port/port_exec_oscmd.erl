-module(port_exec_oscmd).
-export([main/0]).

%% os:cmd/1,2: the output as a flat string (stderr included), multi-line
%% output, failing commands, deep lists and atoms as commands, stdin empty,
%% a background job that keeps the output open, max_size, and a caller that
%% traps exits keeps no port messages.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

err(F) ->
    try F() of V -> {value, V}
    catch C:R -> {C, R}
    end.

main() ->
    show("echo", os:cmd("echo hello")),
    show("multi-line", os:cmd("printf 'one\\ntwo\\n\\nfour'")),
    show("lines", length(string:split(os:cmd("seq 1 2000"), "\n", all))),
    show("exit status ignored", os:cmd("echo partial; exit 3")),
    show("not found", os:cmd("no_such_command_girder_test")),
    show("stderr too", os:cmd("ls /no/such/dir/girder")),
    show("both streams", os:cmd("echo out; echo err >&2")),
    show("deep list", os:cmd(["ec", [$h, "o"], " ", "deep"])),
    show("atom", os:cmd(pwd) =:= os:cmd("pwd")),
    show("shell variables", os:cmd("echo $0 $1")),
    show("stdin is empty", os:cmd("cat")),
    show("quoting", os:cmd("echo 'a  b' \"c\"")),
    show("multi-line command", os:cmd("echo first\necho second")),
    T0 = erlang:monotonic_time(millisecond),
    show("background", os:cmd("printf started; sleep 3 &")),
    show("did not wait", erlang:monotonic_time(millisecond) - T0 < 2000),
    show("max_size", os:cmd("seq 1 1000", #{max_size => 10})),
    show("max_size larger", os:cmd("echo short", #{max_size => 100})),
    show("bad command", err(fun() -> os:cmd(["echo", hi]) end)),
    show("binary command", err(fun() -> os:cmd(<<"echo">>) end)),
    show("bad options", err(fun() -> os:cmd("echo", [max_size]) end)),
    process_flag(trap_exit, true),
    show("trapping", os:cmd("echo trapped")),
    receive M -> show("leftover", M) after 200 -> show("leftover", none) end,
    io:format("done~n").

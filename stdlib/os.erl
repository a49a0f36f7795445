%% os: the parts of OTP's os module written in Erlang. The rest (getenv,
%% putenv, unsetenv, getpid, type, the clocks) are BIFs (vm/bif/os.cpp),
%% which calls reach whether or not this module is loaded.
%%
%% cmd/1,2 run the command through /bin/sh on a port (open_port, vm/io/
%% exec.h), as OTP does. The shell runs "(Command\n) </dev/null" and then
%% writes an end-of-transmission byte (4): the output is what comes before
%% it. So the command is done when the shell says so, even if something it
%% started in the background still holds the output pipe open, and its
%% stdin is empty (OTP's behaviour, marker included: output containing a
%% byte 4 is cut there).
-module(os).
-export([cmd/1, cmd/2]).

-define(EOT, 4).

cmd(Command) ->
    try text(Command) of
        Text -> run(Text, infinity)
    catch
        throw:badarg -> erlang:error(badarg, [Command])
    end.

cmd(Command, Options) when is_map(Options) ->
    Max = case maps:get(max_size, Options, infinity) of
              infinity -> infinity;
              N when is_integer(N), N >= 0 -> N;
              _ -> erlang:error(badarg, [Command, Options])
          end,
    try text(Command) of
        Text -> run(Text, Max)
    catch
        throw:badarg -> erlang:error(badarg, [Command, Options])
    end;
cmd(Command, Options) ->
    erlang:error(badarg, [Command, Options]).

%% An atom, or a (deep) list of characters (no atoms inside).
text(Atom) when is_atom(Atom) -> atom_to_list(Atom);
text(List) when is_list(List) -> chars(List, []);
text(_) -> throw(badarg).

chars([], Acc) -> lists:reverse(Acc);
chars([C | T], Acc) when is_integer(C), C >= 0 -> chars(T, [C | Acc]);
chars([L | T], Acc) when is_list(L) -> chars(T, lists:reverse(chars(L, []), Acc));
chars(_, _) -> throw(badarg).

run(Command, Max) ->
    Script = "(" ++ Command ++ "\n) </dev/null; echo \"" ++ [?EOT] ++ "\"",
    %% $0 and $1 as OTP's shell has them (it runs "/bin/sh -s unix:cmd").
    Port = open_port({spawn_executable, "/bin/sh"},
                     [{args, ["-c", Script, "/bin/sh", "unix:cmd"]},
                      stream, in, binary, stderr_to_stdout, exit_status, hide]),
    Output = collect(Port, Max, [], 0),
    finish(Port),
    binary_to_list(Output).

%% Until the marker, the end of the shell (no marker: it was killed, say),
%% or max_size bytes.
collect(Port, Max, Acc, Size) ->
    receive
        {Port, {data, Bytes}} ->
            {Chunk, Done} = case binary:match(Bytes, <<?EOT>>) of
                                {Pos, _} -> {binary:part(Bytes, 0, Pos), true};
                                nomatch -> {Bytes, false}
                            end,
            NewSize = Size + byte_size(Chunk),
            case Max =/= infinity andalso NewSize >= Max of
                true ->
                    Whole = iolist_to_binary(lists:reverse(Acc, [Chunk])),
                    binary:part(Whole, 0, Max);
                false when Done ->
                    iolist_to_binary(lists:reverse(Acc, [Chunk]));
                false ->
                    collect(Port, Max, [Chunk | Acc], NewSize)
            end;
        {Port, {exit_status, _}} ->
            iolist_to_binary(lists:reverse(Acc))
    end.

%% Close the port (it may have closed itself) and take back what it may
%% have left in the caller's mailbox: data after the marker, and the
%% {'EXIT', Port, normal} a caller that traps exits gets. Both are in the
%% inbox by the time port_close returns (the port sends them before it
%% leaves the port table), so a receive with timeout 0 sees them.
finish(Port) ->
    catch erlang:port_close(Port),
    flush(Port).

flush(Port) ->
    receive
        {Port, _} -> flush(Port);
        {'EXIT', Port, _} -> flush(Port)
    after 0 ->
        ok
    end.

%% girder_control: the control socket of `girder run --control PATH`
%% (docs/internals/control.md). `girder load --vm PATH` and `girder modules
%% --vm PATH` speak to it.
%%
%% The socket is a Unix domain socket created with mode 8#600 (set between
%% bind and listen, so nobody can connect before), and a peer whose user id
%% is not the VM's is refused (SO_PEERCRED). Protocol version 1: frames of
%% {packet, 4}, each an external term; a request is
%%     {girder_control, 1, Request}
%% with only binaries, lists, integers and booleans inside (decoded with
%% binary_to_term(_, [safe]): a client cannot make atoms), and the reply
%%     {girder_control, 1, ok | error, Text :: binary(), Json :: binary()}
%% Requests: {<<"ping">>}, {<<"modules">>}, {<<"load">>, [{Name, Gbc}], Purge}.
%% Bounds: a frame over 64 MB, a request that does not come within 30 s,
%% or one that is not a term of that shape gets an error reply (where a
%% reply is possible) and the connection is closed; the server lives on.
-module(girder_control).
-export([start/0, load_modules/2]).

-define(MAX_FRAME, 64 * 1024 * 1024).
-define(RECV_TIMEOUT, 30000).
-define(VERSION, 1).

start() ->
    Path = girder:control_path(),
    case listen(Path) of
        {ok, L} ->
            accept_loop(L);
        {error, Reason} ->
            io:format(standard_error, "girder: control socket ~ts: ~p~n", [Path, Reason])
    end.

%% A path left behind by a VM that is gone (a socket nobody accepts on) is
%% replaced; a live control socket or anything that is not a socket is not.
listen(Path) ->
    Opts = [binary, {active, false}, {packet, 4}, {packet_size, ?MAX_FRAME},
            {ifaddr, {local, Path}}, {local_mode, 8#600}, {backlog, 64}],
    case gen_tcp:listen(0, Opts) of
        {error, eaddrinuse} ->
            case gen_tcp:connect({local, Path}, 0, [], 1000) of
                {ok, S} ->
                    gen_tcp:close(S),
                    {error, already_in_use_by_another_vm};
                {error, _} ->
                    case is_socket_file(Path) of
                        true -> _ = file:delete(Path), gen_tcp:listen(0, Opts);
                        false -> {error, eexist}
                    end
            end;
        Other ->
            Other
    end.

is_socket_file(Path) ->
    case file:read_file_info(Path) of
        {ok, Info} -> element(3, Info) =:= other;   % #file_info.type
        _ -> false
    end.

accept_loop(L) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            Pid = spawn(fun() -> receive {go, S} -> serve(S) end end),
            case gen_tcp:controlling_process(S, Pid) of
                ok -> Pid ! {go, S};
                _ -> exit(Pid, kill), gen_tcp:close(S)
            end,
            accept_loop(L);
        {error, closed} ->
            ok;
        {error, _} ->
            receive after 100 -> ok end,
            accept_loop(L)
    end.

serve(S) ->
    case girder_inet:peercred(S) of
        {ok, {_OsPid, Uid, _Gid}} ->
            case Uid =:= girder:os_uid() of
                true -> requests(S);
                false -> reply(S, error, <<"permission denied: another user">>, <<"{\"error\":\"permission denied\"}">>)
            end;
        _ ->
            ok
    end,
    gen_tcp:close(S).

requests(S) ->
    case gen_tcp:recv(S, 0, ?RECV_TIMEOUT) of
        {ok, Frame} ->
            case decode(Frame) of
                {ok, Request} ->
                    {Status, Text, Json} = handle(Request),
                    case reply(S, Status, Text, Json) of
                        ok -> requests(S);
                        _ -> ok
                    end;
                error ->
                    reply(S, error, <<"bad request: not a protocol 1 request">>,
                          <<"{\"error\":\"bad request\"}">>)
            end;
        {error, emsgsize} ->
            reply(S, error, <<"request too large">>, <<"{\"error\":\"request too large\"}">>);
        {error, _} ->
            ok   % closed, timed out (a slow or half-open client)
    end.

decode(Frame) ->
    try binary_to_term(Frame, [safe]) of
        {girder_control, ?VERSION, Request} -> {ok, Request};
        _ -> error
    catch
        error:_ -> error
    end.

reply(S, Status, Text, Json) ->
    gen_tcp:send(S, term_to_binary({girder_control, ?VERSION, Status, Text, Json})).

%% --- requests -------------------------------------------------------------

handle({<<"ping">>}) ->
    {ok, <<"pong\n">>, <<"{\"pong\":true}">>};
handle({<<"modules">>}) ->
    modules();
handle({<<"load">>, Modules, Purge}) when is_list(Modules), is_boolean(Purge) ->
    case valid_modules(Modules) of
        {ok, Named} -> load(Named, Purge);
        {error, Why} -> fail(Why)
    end;
handle({<<"upgrade">>, Modules, Purge}) when is_list(Modules), is_boolean(Purge) ->
    case valid_modules(Modules) of
        {ok, Named} -> upgrade(Named, Purge);
        {error, Why} -> fail(Why)
    end;
handle(_) ->
    fail(<<"unknown request">>).

fail(Why) ->
    {error, <<Why/binary, "\n">>, iolist_to_binary(["{\"error\":", json_string(Why), "}"])}.

valid_modules(Modules) ->
    try
        Named = [{binary_to_atom(Name, utf8), Gbc} || {Name, Gbc} <- Modules,
                                                      is_binary(Name), is_binary(Gbc),
                                                      byte_size(Name) > 0, byte_size(Name) =< 255],
        case length(Named) =:= length(Modules) andalso Named =/= [] of
            true -> {ok, Named};
            false -> {error, <<"malformed module list">>}
        end
    catch
        error:_ -> {error, <<"malformed module list">>}
    end.

%% The embedding API's hot load (girder_load_file/girder_load_memory in
%% vm/embed/include/girder.h): the same all-or-nothing load as `girder load`,
%% for [{Module, Gbc}]; {ok | error, Text}.
load_modules(Named, Purge) ->
    {Status, Text, _Json} = load(Named, Purge),
    {Status, Text}.

%% All or nothing: every binary is decoded and verified, and every module's
%% old code checked, before any is loaded; then all become current at one
%% instant (girder:load_binaries/1).
load(Named, Purge) ->
    case prepare(Named, Purge) of
        {ok, Killed} ->
            Olds = [{M, version_hash(M)} || {M, _} <- Named],
            report(publish(Named, Olds), Killed, []);
        Refused ->
            Refused
    end.

%% The checks before a load: {ok, ProcessesKilled} once every module may be
%% loaded (old code purged), or the refusal to reply with.
prepare(Named, Purge) ->
    Checks = [{M, girder:check_module_binary(M, Gbc)} || {M, Gbc} <- Named],
    case [{M, E} || {M, {error, E}} <- Checks] of
        [] ->
            Busy = [{M, old_code_users(M)} || {M, _} <- Named, erlang:check_old_code(M)],
            case [{M, length(Users)} || {M, Users} <- Busy, Users =/= []] of
                InUse when InUse =/= [], not Purge ->
                    fail(iolist_to_binary(
                           ["old code in use, nothing loaded (--purge kills those processes): ",
                            lists:join(", ", [io_lib:format("~s (~b processes)", [M, N]) || {M, N} <- InUse])]));
                _ ->
                    {ok, lists:sum([purge(M) || {M, _} <- Busy])}
            end;
        Bad ->
            fail(iolist_to_binary(
                   ["refused, nothing loaded: ",
                    lists:join("; ", [io_lib:format("~s: ~ts", [M, bad_text(E)]) || {M, E} <- Bad])]))
    end.

%% Load every module in one publication; a result per module for report/3.
publish(Named, Olds) ->
    case girder:load_binaries(Named) of
        ok ->
            [{M, Old, version_hash(M), length(old_code_users(M)), ok} || {M, Old} <- Olds];
        {error, Errors} ->
            [{M, Old, Old, 0, case lists:keyfind(M, 1, Errors) of
                                  {M, R} -> R;
                                  false -> not_loaded
                              end} || {M, Old} <- Olds]
    end.

%% --- upgrade: load with state migration ------------------------------------
%%
%% The processes of each module (proc_lib's '$initial_call' names it, as
%% for a gen_server, gen_statem or a special process of that module) are
%% suspended (sys:suspend/2), the modules loaded in one publication, each
%% process's state migrated (sys:change_code/5, which calls the new
%% Mod:code_change(OldVsn, State, Extra)), and the processes resumed. If any
%% code_change fails, the load is undone: every module's previous version
%% is made current again (girder:revert_module/1), the processes whose
%% code_change succeeded are migrated back with {down, NewVsn}, and all are
%% resumed, on the old code with the old state. OldVsn is the old version's
%% -vsn attribute (the single value of a one-element list), Extra is
%% undefined. A process that does not answer sys:suspend within the timeout
%% is left alone and reported: it moves to the new code at its next remote
%% call, as with a plain load.
-define(SYS_TIMEOUT, 5000).

upgrade(Named, Purge) ->
    case prepare(Named, Purge) of
        {ok, Killed} ->
            Olds = [{M, version_hash(M)} || {M, _} <- Named],
            OldVsns = [{M, vsn(M)} || {M, _} <- Named],
            Targets = [{P, M} || {M, _} <- Named, P <- module_processes(M)],
            {Suspended, Skipped} = suspend_all(Targets, [], []),
            Results = publish(Named, Olds),
            Loaded = lists:all(fun({_, _, _, _, R}) -> R =:= ok end, Results),
            Notes = [io_lib:format("~p (~s): not a system process, not upgraded: ~p~n", [P, M, Why])
                     || {P, M, Why} <- Skipped],
            case Loaded of
                false ->
                    resume_all(Suspended),
                    report(Results, Killed, Notes);
                true ->
                    case change_all(Suspended, OldVsns, [], []) of
                        {Changed, []} ->
                            resume_all(Suspended),
                            Done = [io_lib:format("~p (~s): state migrated~n", [P, M]) || {P, M} <- Changed],
                            report(Results, Killed, [Notes, Done]);
                        {Changed, Failed} ->
                            revert(Named, Changed),
                            resume_all(Suspended),
                            Why = [io_lib:format("~p (~s): code_change failed: ~0p~n", [P, M, R]) || {P, M, R} <- Failed],
                            Reverted = [{M, Old, New, Users, reverted} || {M, Old, New, Users, _} <- Results],
                            report(Reverted, Killed, [Notes, Why,
                                                      "upgrade failed: every module is back on its previous "
                                                      "version and every process on its previous state\n"])
                    end
            end;
        Refused ->
            Refused
    end.

%% Processes started by proc_lib for Module (gen_server, gen_statem,
%% special processes): those speak the system-message protocol.
module_processes(M) ->
    Self = self(),
    [P || P <- processes(), P =/= Self, initial_module(P) =:= M].

initial_module(P) ->
    case process_info(P, dictionary) of
        {dictionary, Dict} ->
            case lists:keyfind('$initial_call', 1, Dict) of
                {_, {Mod, _, _}} -> Mod;
                _ -> undefined
            end;
        undefined ->
            undefined
    end.

suspend_all([], Suspended, Skipped) ->
    {lists:reverse(Suspended), lists:reverse(Skipped)};
suspend_all([{P, M} | Rest], Suspended, Skipped) ->
    try sys:suspend(P, ?SYS_TIMEOUT) of
        ok -> suspend_all(Rest, [{P, M} | Suspended], Skipped)
    catch
        exit:Why -> suspend_all(Rest, Suspended, [{P, M, reason_of(Why)} | Skipped])
    end.

resume_all(Suspended) ->
    [catch sys:resume(P, ?SYS_TIMEOUT) || {P, _} <- Suspended],
    ok.

change_all([], _OldVsns, Changed, Failed) ->
    {lists:reverse(Changed), lists:reverse(Failed)};
change_all([{P, M} | Rest], OldVsns, Changed, Failed) ->
    {M, OldVsn} = lists:keyfind(M, 1, OldVsns),
    case change_code(P, M, OldVsn) of
        ok -> change_all(Rest, OldVsns, [{P, M} | Changed], Failed);
        Error -> change_all(Rest, OldVsns, Changed, [{P, M, Error} | Failed])
    end.

change_code(P, M, Vsn) ->
    try sys:change_code(P, M, Vsn, undefined, ?SYS_TIMEOUT) of
        ok -> ok;
        Error -> Error
    catch
        exit:Why -> {exit, reason_of(Why)}
    end.

%% Undo the load: previous versions current again, and the processes
%% already migrated migrated back (a failure there leaves that process's
%% state as code_change left it; it is reported in the stderr log).
revert(Named, Changed) ->
    NewVsns = [{M, vsn(M)} || {M, _} <- Named],
    [girder:revert_module(M) || {M, _} <- Named],
    [case change_code(P, M, {down, element(2, lists:keyfind(M, 1, NewVsns))}) of
         ok -> ok;
         Error -> io:format(standard_error, "girder load --upgrade: ~p (~s): downgrade failed: ~0p~n", [P, M, Error])
     end || {P, M} <- Changed],
    ok.

vsn(M) ->
    case erlang:module_loaded(M) of
        true ->
            case lists:keyfind(vsn, 1, M:module_info(attributes)) of
                {vsn, [V]} -> V;
                {vsn, V} -> V;
                false -> undefined
            end;
        false ->
            undefined
    end.

reason_of({Reason, {sys, _, _}}) -> Reason;
reason_of(Reason) -> Reason.

bad_text({badfile, Text}) when is_binary(Text) -> Text;
bad_text(E) -> io_lib:format("~p", [E]).

old_code_users(M) ->
    girder:old_code_users(M) -- [self()].

purge(M) ->
    Users = length(old_code_users(M)),
    code:purge(M),
    Users.

report(Results, Killed, Notes) ->
    Text = [case R of
                reverted ->
                    io_lib:format("~s: ~s -> ~s, reverted: ~s is current again~n", [M, Old, New, Old]);
                _ ->
                    [io_lib:format("~s: ~s -> ~s, ~b processes in old code", [M, Old, New, Users]),
                     case R of ok -> ""; _ -> io_lib:format(" (FAILED: ~p)", [R]) end, "\n"]
            end
            || {M, Old, New, Users, R} <- Results],
    Killed1 = case Killed of 0 -> []; _ -> io_lib:format("purged old code: ~b processes killed\n", [Killed]) end,
    Json = ["{\"loaded\":[",
            lists:join(",", [["{\"module\":", json_string(atom_to_binary(M)),
                              ",\"old\":", json_hash(Old), ",\"new\":", json_hash(New),
                              ",\"old_code_processes\":", integer_to_list(Users),
                              ",\"ok\":", atom_to_list(R =:= ok), "}"]
                             || {M, Old, New, Users, R} <- Results]),
            "],\"killed\":", integer_to_list(Killed),
            ",\"notes\":", json_string(iolist_to_binary(Notes)), "}"],
    Status = case lists:all(fun({_, _, _, _, R}) -> R =:= ok end, Results) of
                 true -> ok;
                 false -> error
             end,
    {Status, iolist_to_binary([Text, Killed1, Notes]), iolist_to_binary(Json)}.

modules() ->
    Mods = lists:sort([M || {M, _} <- code:all_loaded()]),
    Rows = [{M, version_hash(M), loaded_at(M)} || M <- Mods],
    Text = [io_lib:format("~-24s ~s ~s~n", [M, H, T]) || {M, H, T} <- Rows],
    Json = ["{\"modules\":[",
            lists:join(",", [["{\"module\":", json_string(atom_to_binary(M)), ",\"hash\":", json_hash(H),
                              ",\"loaded_at\":", json_string(list_to_binary(T)), "}"]
                             || {M, H, T} <- Rows]),
            "]}"],
    {ok, iolist_to_binary(Text), iolist_to_binary(Json)}.

%% The module's md5 (module_info(md5)) in hex: its version; "none" when the
%% module is not loaded.
version_hash(M) ->
    case erlang:module_loaded(M) of
        true ->
            try M:module_info(md5) of
                Md5 when is_binary(Md5) -> string:lowercase(binary:encode_hex(Md5));
                _ -> "none"
            catch
                _:_ -> "none"
            end;
        false ->
            "none"
    end.

loaded_at(M) ->
    case girder:module_loaded_at(M) of
        undefined -> "-";
        Ns -> calendar:system_time_to_rfc3339(Ns div 1000000, [{unit, millisecond}, {offset, "Z"}])
    end.

json_hash("none") -> "null";
json_hash(H) -> ["\"", H, "\""].

json_string(Bin) ->
    ["\"", [json_char(C) || <<C>> <= Bin], "\""].

json_char($") -> "\\\"";
json_char($\\) -> "\\\\";
json_char($\n) -> "\\n";
json_char(C) when C < 32 -> io_lib:format("\\u~4.16.0b", [C]);
json_char(C) -> C.

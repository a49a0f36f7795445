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
%% old code checked, before the first one is loaded.
load(Named, Purge) ->
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
                    Killed = lists:sum([purge(M) || {M, _} <- Busy]),
                    Results = [load_one(M, Gbc) || {M, Gbc} <- Named],
                    report(Results, Killed)
            end;
        Bad ->
            fail(iolist_to_binary(
                   ["refused, nothing loaded: ",
                    lists:join("; ", [io_lib:format("~s: ~ts", [M, bad_text(E)]) || {M, E} <- Bad])]))
    end.

bad_text({badfile, Text}) when is_binary(Text) -> Text;
bad_text(E) -> io_lib:format("~p", [E]).

old_code_users(M) ->
    [P || P <- processes(), P =/= self(), erlang:check_process_code(P, M)].

purge(M) ->
    Users = length(old_code_users(M)),
    code:purge(M),
    Users.

load_one(M, Gbc) ->
    Old = version_hash(M),
    case erlang:load_module(M, Gbc) of
        {module, M} ->
            {M, Old, version_hash(M), length(old_code_users(M)), ok};
        {error, Reason} ->
            {M, Old, Old, 0, Reason}
    end.

report(Results, Killed) ->
    Text = [[io_lib:format("~s: ~s -> ~s, ~b processes in old code", [M, Old, New, Users]),
             case R of ok -> ""; _ -> io_lib:format(" (FAILED: ~p)", [R]) end, "\n"]
            || {M, Old, New, Users, R} <- Results],
    Killed1 = case Killed of 0 -> []; _ -> io_lib:format("purged old code: ~b processes killed\n", [Killed]) end,
    Json = ["{\"loaded\":[",
            lists:join(",", [["{\"module\":", json_string(atom_to_binary(M)),
                              ",\"old\":", json_hash(Old), ",\"new\":", json_hash(New),
                              ",\"old_code_processes\":", integer_to_list(Users),
                              ",\"ok\":", atom_to_list(R =:= ok), "}"]
                             || {M, Old, New, Users, R} <- Results]),
            "],\"killed\":", integer_to_list(Killed), "}"],
    Status = case lists:all(fun({_, _, _, _, R}) -> R =:= ok end, Results) of
                 true -> ok;
                 false -> error
             end,
    {Status, iolist_to_binary([Text, Killed1]), iolist_to_binary(Json)}.

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

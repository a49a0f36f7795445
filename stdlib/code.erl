%% code: loading, purging and finding modules at run time, with OTP's
%% return values. Girder has no code server process: each call works in
%% the caller, on the VM's code server (vm/exec/code.h) through BIFs
%% (vm/bif/code.cpp). docs/internals/hot_loading.md has the design.
-module(code).
-export([load_file/1, load_binary/3, ensure_loaded/1, is_loaded/1, delete/1,
         purge/1, soft_purge/1, all_loaded/0, which/1, get_path/0, set_path/1,
         add_path/1, add_patha/1, add_pathz/1, add_paths/1, add_pathsa/1,
         add_pathsz/1, del_path/1, root_dir/0, is_sticky/1, atomic_load/1,
         modified_modules/0, module_status/1, ensure_modules_loaded/1,
         get_mode/0, lib_dir/0]).

%% Loading over a module that still has old code purges that first, killing
%% the processes that run it, as OTP's code server does.
load_file(Module) when is_atom(Module) ->
    make_room(Module),
    girder:load_from_path(Module).

load_binary(Module, File, Binary)
  when is_atom(Module), (is_list(File) orelse is_atom(File)), is_binary(Binary) ->
    make_room(Module),
    erlang:load_module(Module, Binary);
load_binary(_, _, _) ->
    {error, badarg}.

make_room(Module) ->
    case erlang:check_old_code(Module) of
        true -> purge(Module);
        false -> false
    end.

ensure_loaded(Module) when is_atom(Module) ->
    case erlang:module_loaded(Module) of
        true -> {module, Module};
        false -> girder:load_from_path(Module)
    end.

ensure_modules_loaded(Modules) when is_list(Modules) ->
    Errors = [{M, R} || M <- Modules, {error, R} <- [ensure_loaded(M)]],
    case Errors of
        [] -> ok;
        _ -> {error, Errors}
    end.

is_loaded(Module) when is_atom(Module) ->
    case erlang:module_loaded(Module) of
        true -> {file, loaded_from(Module)};
        false -> false
    end.

loaded_from(Module) ->
    case girder:module_file(Module) of
        [] -> preloaded;
        File -> File
    end.

all_loaded() ->
    [{M, loaded_from(M)} || M <- erlang:loaded()].

which(Module) when is_atom(Module) ->
    case erlang:module_loaded(Module) of
        true -> loaded_from(Module);
        false -> find_in_path(atom_to_list(Module), get_path())
    end.

find_in_path(_Name, []) ->
    non_existing;
find_in_path(Name, [Dir | Dirs]) ->
    Candidates = [filename:join(Dir, Name ++ Ext) || Ext <- [".gbc", ".erl"]],
    case [F || F <- Candidates, is_file(F)] of
        [File | _] -> File;
        [] -> find_in_path(Name, Dirs)
    end.

is_file(File) ->
    case file:read_file_info(File) of
        {ok, Info} -> element(3, Info) =:= regular;
        _ -> false
    end.

%% delete/1: the current version becomes old (exports undefined); false if
%% there is old code already or the module is not loaded.
delete(Module) when is_atom(Module) ->
    case erlang:check_old_code(Module) of
        true -> false;
        false ->
            case catch erlang:delete_module(Module) of
                true -> true;
                _ -> false
            end
    end.

%% purge/1: kill every process still running (or holding funs of) the old
%% version, then drop it. True if a process had to be killed.
%%
%% Both purge in phases (docs/internals/hot_loading.md): girder:purge_begin/1
%% takes the VM's purge token and makes the old version's funs unreachable,
%% so once the scan (girder:old_code_users/1, preemptible, and sweeping the
%% literal areas of earlier purges on the way) has found no process in the
%% old code, none can enter it; girder:purge_end/2 then retires it, or puts
%% the funs back when the purge is abandoned.
purge(Module) when is_atom(Module) ->
    with_token(Module, false,
               fun() ->
                       Users = old_code_users(Module),
                       [kill_user(Pid, Module) || Pid <- Users, Pid =/= self()],
                       case lists:member(self(), Users) of
                           true ->
                               girder:purge_end(Module, abort),
                               exit(killed);
                           false ->
                               girder:purge_end(Module, complete),
                               Users =/= []
                       end
               end).

%% soft_purge/1: drop the old version only if nobody uses it.
soft_purge(Module) when is_atom(Module) ->
    with_token(Module, true,
               fun() ->
                       case old_code_users(Module) of
                           [] ->
                               girder:purge_end(Module, complete),
                               true;
                           _ ->
                               girder:purge_end(Module, abort),
                               false
                       end
               end).

%% Run Purge holding the purge token; NoOldCode when there is nothing to
%% purge. Another purge in progress: wait for it.
with_token(Module, NoOldCode, Purge) ->
    case girder:purge_begin(Module) of
        ok -> Purge();
        false -> NoOldCode;
        busy ->
            receive after 1 -> ok end,
            with_token(Module, NoOldCode, Purge)
    end.

old_code_users(Module) ->
    girder:old_code_users(Module).

kill_user(Pid, Module) ->
    Ref = erlang:monitor(process, Pid),
    exit(Pid, kill),
    io:format(standard_error,
              "=WARNING REPORT====~n"
              "code:purge(~p) killed ~p: it was still running the old version~n~n",
              [Module, Pid]),
    receive
        {'DOWN', Ref, process, Pid, _} -> ok
    end.

get_path() ->
    girder:code_path().

set_path(Dirs) when is_list(Dirs) ->
    case lists:all(fun is_dir/1, Dirs) of
        true ->
            girder:set_code_path([to_list(D) || D <- Dirs]);
        false ->
            {error, bad_directory}
    end.

add_path(Dir) -> add_pathz(Dir).

add_pathz(Dir) ->
    add(Dir, fun(D, Path) -> Path ++ [D] end).

add_patha(Dir) ->
    add(Dir, fun(D, Path) -> [D | Path] end).

add_paths(Dirs) -> add_pathsz(Dirs).

add_pathsz(Dirs) ->
    [add_pathz(D) || D <- Dirs],
    ok.

add_pathsa(Dirs) ->
    [add_patha(D) || D <- lists:reverse(Dirs)],
    ok.

add(Dir, Place) ->
    case is_dir(Dir) of
        true ->
            D = to_list(Dir),
            girder:set_code_path(Place(D, lists:delete(D, get_path())));
        false ->
            {error, bad_directory}
    end.

del_path(Name) ->
    Path = get_path(),
    D = to_list(Name),
    case lists:member(D, Path) of
        true ->
            girder:set_code_path(lists:delete(D, Path));
        false ->
            false
    end.

is_dir(Dir) when is_list(Dir); is_atom(Dir); is_binary(Dir) ->
    case file:read_file_info(Dir) of
        {ok, Info} -> element(3, Info) =:= directory;
        _ -> false
    end;
is_dir(_) ->
    false.

to_list(D) when is_atom(D) -> atom_to_list(D);
to_list(D) when is_binary(D) -> binary_to_list(D);
to_list(D) -> D.

root_dir() -> "/usr/lib/girder".
lib_dir() -> root_dir() ++ "/lib".
get_mode() -> interactive.

%% Girder's stdlib is built into the binary; the code path cannot shadow
%% it (code_path.h), so no directory needs to be sticky.
is_sticky(Module) when is_atom(Module) -> false.

%% atomic_load/1: every module or none. Each one is checked first (not
%% purged, found or given as a binary that loads), and only then loaded.
%% The modules given as binaries become current at one instant
%% (girder:load_binaries/1); those given by name are then loaded from the
%% code path one by one.
atomic_load(Modules) when is_list(Modules) ->
    Checks = [{name_of(M), check_loadable(M)} || M <- Modules],
    case [{Name, R} || {Name, {error, R}} <- Checks] of
        [] ->
            case load_binaries([{M, Bin} || {M, _File, Bin} <- Modules]) of
                ok ->
                    [load_one(M) || M <- Modules, is_atom(M)],
                    ok;
                Error ->
                    Error
            end;
        Errors ->
            {error, Errors}
    end.

load_binaries([]) ->
    ok;
load_binaries(Bins) ->
    [make_room(M) || {M, _} <- Bins],
    case girder:load_binaries(Bins) of
        ok -> ok;
        {error, Errors} -> {error, [{M, reason(R)} || {M, R} <- Errors]}
    end.

reason({badfile, _}) -> badfile;
reason(R) -> R.

name_of({M, _, _}) -> M;
name_of(M) -> M.

%% OTP's atomic_load refuses modules whose old code is still in use.
check_loadable({M, _File, Bin}) when is_atom(M), is_binary(Bin) ->
    %% The binary is decoded and verified before anything is loaded, so a
    %% bad one leaves every module as it was.
    case girder:check_module_binary(M, Bin) of
        ok -> check_not_purged(M);
        {error, _} -> {error, badfile}
    end;
check_loadable(M) when is_atom(M) ->
    case check_not_purged(M) of
        ok ->
            case which(M) of
                non_existing -> {error, nofile};
                _ -> ok
            end;
        Error ->
            Error
    end;
check_loadable(_) ->
    {error, badarg}.

check_not_purged(M) ->
    case erlang:check_old_code(M) andalso old_code_users(M) =/= [] of
        true -> {error, not_purged};
        false -> ok
    end.

load_one(M) -> load_file(M).

modified_modules() -> [].

module_status(Module) when is_atom(Module) ->
    case erlang:module_loaded(Module) of
        true -> loaded;
        false ->
            case which(Module) of
                non_existing -> not_loaded;
                _ -> not_loaded
            end
    end.

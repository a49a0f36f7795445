%% The code path and loading by name: add_patha/add_pathz/del_path,
%% get_path, which, load_file from a directory added at run time,
%% ensure_loaded, is_loaded, all_loaded, error returns (nofile, badarg,
%% bad_directory), compile:file/2 writing to {outdir, D} and its error
%% shapes (return_errors), and the file functions these use.
-module(code_path_api).
-export([main/0]).

main() ->
    Dir = "/tmp/girder_code_path_" ++ integer_to_list(erlang:system_time(microsecond)),
    ok = file:make_dir(Dir),
    io:format("make_dir again ~p~n", [file:make_dir(Dir)]),
    Src = Dir ++ "/cp_mod.erl",
    ok = file:write_file(Src, <<"-module(cp_mod).\n-export([hello/0]).\nhello() -> {hello, ?MODULE}.\n">>),
    {ok, Bin} = file:read_file(Src),
    io:format("read ~p bytes~n", [byte_size(Bin)]),
    {ok, Info} = file:read_file_info(Src),
    io:format("info ~p ~p~n", [element(2, Info), element(3, Info)]),
    io:format("list ~p~n", [file:list_dir(Dir)]),
    io:format("missing ~p ~p~n", [file:read_file(Dir ++ "/nope"), file:delete(Dir ++ "/nope")]),
    io:format("not loaded ~p ~p~n", [code:is_loaded(cp_mod), code:which(cp_mod)]),
    io:format("nofile ~p~n", [code:load_file(cp_mod)]),
    io:format("ensure nofile ~p~n", [code:ensure_loaded(cp_mod)]),
    io:format("badarg ~p ~p~n", [element(1, element(2, catch code:load_file("cp_mod"))), element(1, element(2, catch code:ensure_loaded(42)))]),
    io:format("bad dir ~p~n", [code:add_patha(Dir ++ "/nope")]),
    %% Compile into the directory; the module file loads from the path.
    io:format("compile ~p~n", [compile:file(Src, [{outdir, Dir}, return_errors])]),
    io:format("add ~p~n", [code:add_patha(Dir)]),
    io:format("first ~p~n", [hd(code:get_path()) =:= Dir]),
    io:format("load ~p~n", [code:load_file(cp_mod)]),
    io:format("call ~p~n", [cp_mod:hello()]),
    {file, Loaded} = code:is_loaded(cp_mod),
    io:format("loaded from dir ~p~n", [lists:prefix(Dir, Loaded)]),
    io:format("which in dir ~p~n", [lists:prefix(Dir, code:which(cp_mod))]),
    io:format("in all_loaded ~p~n", [lists:keymember(cp_mod, 1, code:all_loaded())]),
    io:format("ensure ~p~n", [code:ensure_loaded(cp_mod)]),
    io:format("reload ~p old ~p~n", [code:load_file(cp_mod), erlang:check_old_code(cp_mod)]),
    io:format("purge ~p~n", [code:purge(cp_mod)]),
    %% A source with an error: OTP's shapes, whatever the message says.
    Bad = Dir ++ "/cp_bad.erl",
    ok = file:write_file(Bad, "-module(cp_bad).\n-export([f/0]).\nf() -> X.\n"),
    {error, [{BadFile, [{_Where, _Mod, _Desc} | _]}], []} = compile:file(Bad, [return_errors, binary]),
    io:format("error file ~p~n", [lists:suffix("cp_bad.erl", BadFile)]),
    io:format("plain error ~p~n", [compile:file(Bad, [binary])]),
    io:format("del_path ~p ~p~n", [code:del_path(Dir), lists:member(Dir, code:get_path())]),
    [ok = file:delete(filename:join(Dir, F)) || F <- element(2, file:list_dir(Dir))],
    io:format("del_dir ~p~n", [file:del_dir(Dir)]),
    ok.

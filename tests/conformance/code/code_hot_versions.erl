%% Hot code loading in one program: two versions side by side, local calls
%% staying in the old version and ?MODULE: calls moving on, check_process_code,
%% soft_purge refusing, purge killing, a third load purging the oldest, funs
%% of purged code finding the current version, literals of purged code
%% staying readable, delete. The module's source is written at run time and
%% compiled with compile:file/2 (Girder compiles to its own format; OTP to
%% BEAM), then loaded with code:load_binary/3.
-module(code_hot_versions).
-export([main/0]).

source(V) ->
    ["-module(hm).\n"
     "-export([version/0, loop/1, start/0, mk/0, lit/0]).\n"
     "version() -> ", integer_to_list(V), ".\n"
     "lit() -> [a, b, c, \"literal string of version ", integer_to_list(V), "\"].\n"
     "mk() -> fun(X) -> {v", integer_to_list(V), ", X} end.\n"
     "start() -> spawn(fun() -> loop(0) end).\n"
     "loop(N) ->\n"
     "    receive\n"
     "        {get, From} -> From ! {version(), N}, loop(N + 1);\n"
     "        upgrade -> ?MODULE:loop(N);\n"
     "        stop -> ok\n"
     "    end.\n"].

dir() ->
    D = "/tmp/girder_code_hot_" ++ integer_to_list(erlang:system_time(microsecond)),
    ok = file:make_dir(D),
    D.

load(Dir, V) ->
    File = Dir ++ "/hm.erl",
    ok = file:write_file(File, source(V)),
    {ok, hm, Bin} = compile:file(File, [binary]),
    code:load_binary(hm, File, Bin).

ask(P) ->
    P ! {get, self()},
    receive R -> R end.

main() ->
    catch logger:set_primary_config(level, none),
    Dir = dir(),
    io:format("~p~n", [load(Dir, 1)]),
    io:format("~p~n", [hm:version()]),
    Lit = hm:lit(),
    F1 = hm:mk(),
    Local = hm:start(),
    Moving = hm:start(),
    io:format("~p ~p~n", [ask(Local), ask(Moving)]),
    io:format("~p~n", [load(Dir, 2)]),
    io:format("~p ~p~n", [hm:version(), erlang:check_old_code(hm)]),
    Moving ! upgrade,
    io:format("~p ~p~n", [ask(Local), ask(Moving)]),
    io:format("cpc ~p ~p~n", [erlang:check_process_code(Local, hm), erlang:check_process_code(Moving, hm)]),
    io:format("self ~p~n", [erlang:check_process_code(self(), hm)]),
    %% A third version while Local still runs version 1: loading purges
    %% version 1 first, which kills Local.
    LocalRef = monitor(process, Local),
    io:format("third ~p~n", [load(Dir, 3)]),
    {'EXIT', {Badfun, _}} = (catch F1(x)),
    io:format("F1 of purged version 1: ~p~n", [element(1, Badfun)]),
    %% Version 1 again (the same code): its funs are found again.
    io:format("fourth ~p~n", [load(Dir, 1)]),
    receive {'DOWN', LocalRef, process, Local, Why} -> io:format("local died: ~p~n", [Why]) end,
    io:format("~p~n", [hm:version()]),
    io:format("soft ~p~n", [code:soft_purge(hm)]),
    io:format("F1 ~p~n", [F1(x)]),
    io:format("lit ~p~n", [Lit]),
    MovingRef = monitor(process, Moving),
    io:format("purge ~p~n", [code:purge(hm)]),
    receive {'DOWN', MovingRef, process, Moving, Why2} -> io:format("moving died: ~p~n", [Why2]) end,
    io:format("old ~p purge again ~p soft ~p~n", [erlang:check_old_code(hm), code:purge(hm), code:soft_purge(hm)]),
    io:format("lit ~p~n", [Lit]),
    io:format("F1 after purge ~p~n", [catch F1(y)]),
    P = hm:start(),
    io:format("new process ~p~n", [ask(P)]),
    PRef = monitor(process, P),
    P ! stop,
    receive {'DOWN', PRef, process, P, normal} -> ok end,
    io:format("delete ~p~n", [code:delete(hm)]),
    io:format("old ~p loaded ~p~n", [erlang:check_old_code(hm), erlang:module_loaded(hm)]),
    io:format("after delete ~p~n", [element(1, element(2, catch hm:version()))]),
    io:format("purge ~p loaded ~p~n", [code:purge(hm), code:is_loaded(hm)]),
    io:format("not loaded ~p ~p~n", [code:delete(hm), code:soft_purge(hm)]),
    ok = file:delete(Dir ++ "/hm.erl"),
    ok = file:del_dir(Dir),
    ok.

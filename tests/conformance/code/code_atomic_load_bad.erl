%% code:atomic_load/1 with one bad binary loads nothing: every binary is
%% checked before the first is loaded.
-module(code_atomic_load_bad).
-export([main/0]).

main() ->
    %% OTP logs the failed load (with a timestamp) to standard_io; keep it quiet.
    _ = (catch logger:set_primary_config(level, none)),
    Dir = "code_atomic_load_bad_tmp",
    _ = file:make_dir(Dir),
    Src = filename:join(Dir, "cal_a.erl"),
    ok = file:write_file(Src, "-module(cal_a).\n-export([f/0]).\nf() -> 1.\n"),
    {ok, cal_a, Bin} = compile:file(Src, [binary]),
    R = code:atomic_load([{cal_a, "cal_a", Bin}, {cal_b, "cal_b", <<"not a module">>}]),
    io:format("bad binary: ~p~n", [R]),
    io:format("cal_a loaded: ~p~n", [erlang:module_loaded(cal_a)]),
    io:format("good alone: ~p~n", [code:atomic_load([{cal_a, "cal_a", Bin}])]),
    io:format("cal_a:f() = ~p~n", [cal_a:f()]),
    ok = file:delete(Src),
    ok = file:del_dir(Dir).

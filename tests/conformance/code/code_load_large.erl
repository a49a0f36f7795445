%% A module large enough that Girder prepares it off the schedulers
%% (girder:load_binaries/1 above 16 KB): it loads, runs, reloads over
%% itself, and a corrupted copy is refused with the old version kept.
-module(code_load_large).
-export([main/0]).

main() ->
    File = "code_load_large_gen.erl",
    Bin1 = compile_version(File, 1),
    Bin2 = compile_version(File, 2),
    ok = file:delete(File),
    io:format("big: ~p~n", [byte_size(Bin1) > 16384]),
    io:format("load 1: ~p~n", [code:load_binary(code_load_large_gen, File, Bin1)]),
    io:format("call: ~p~n", [code_load_large_gen:f399(1)]),
    io:format("load 2: ~p~n", [code:load_binary(code_load_large_gen, File, Bin2)]),
    io:format("call: ~p~n", [code_load_large_gen:f399(1)]),
    io:format("old code: ~p~n", [erlang:check_old_code(code_load_large_gen)]),
    Bad = corrupt(Bin1),
    io:format("bad: ~p~n", [code:load_binary(code_load_large_gen, File, Bad)]),
    io:format("still: ~p ~p~n", [code_load_large_gen:f399(1), erlang:check_old_code(code_load_large_gen)]),
    io:format("atomic: ~p~n", [code:atomic_load([{code_load_large_gen, File, Bin1}])]),
    io:format("call: ~p~n", [code_load_large_gen:f399(1)]).

compile_version(File, V) ->
    Src = ["-module(code_load_large_gen).\n-compile(export_all).\n-compile(nowarn_export_all).\n",
           [io_lib:format("f~w(X) -> {~w, ~w, X, [a, b, c, ~w], <<\"text ~w\">>}.~n", [K, V, K, K, K])
            || K <- lists:seq(0, 399)]],
    ok = file:write_file(File, Src),
    {ok, code_load_large_gen, Bin} = compile:file(File, [binary]),
    Bin.

%% The first half of the file and then garbage.
corrupt(Bin) ->
    Half = byte_size(Bin) div 2,
    <<Head:Half/binary, _/binary>> = Bin,
    <<Head/binary, (binary:copy(<<0>>, Half))/binary>>.

%% ets: the Erlang half of the OTP 25 `ets' module. The table operations
%% are BIFs (vm/bif/ets.cpp); what is here is written on top of them.
%%
%% foldl/3 and foldr/3 walk the table in chunks of select/3 (select_reverse/3
%% for foldr), so each step copies a bounded number of objects and a table
%% modified during the fold is still walked safely: every object present
%% for the whole fold is passed to the fun exactly once.
-module(ets).
-export([foldl/3, foldr/3, match_delete/2, fun2ms/1, match_spec_run/2, is_compiled_ms/1]).

-define(CHUNK, 500).

foldl(F, Acc, Tab) ->
    fold(F, Acc, ets:select(Tab, [{'_', [], ['$_']}], ?CHUNK)).

foldr(F, Acc, Tab) ->
    fold(F, Acc, ets:select_reverse(Tab, [{'_', [], ['$_']}], ?CHUNK)).

fold(_F, Acc, '$end_of_table') ->
    Acc;
fold(F, Acc, {Objects, Cont}) ->
    fold(F, fold_list(F, Acc, Objects), ets:select(Cont)).

fold_list(F, Acc, [X | Xs]) -> fold_list(F, F(X, Acc), Xs);
fold_list(_F, Acc, []) -> Acc.

match_delete(Tab, Pattern) ->
    ets:select_delete(Tab, [{Pattern, [], [true]}]),
    true.

%% Done at compile time when the module includes ms_transform.hrl
%% (tools/compiler/ms_transform.cpp); a fun that reaches it at run time
%% gets OTP's exit (Girder has no shell funs to translate).
fun2ms(Fun) when is_function(Fun) ->
    exit({badarg, {ets, fun2ms, [function, called, with, real, 'fun', should, be, transformed, with,
                                 parse_transform, 'or', called, with, a, 'fun', generated, in, the, shell]}}).

%% match_spec_compile/1 and match_spec_run_r/3 are BIFs (vm/bif/ets.cpp).
match_spec_run(List, CompiledMS) ->
    lists:reverse(ets:match_spec_run_r(List, CompiledMS, [])).

is_compiled_ms({'$ets_compiled_ms', _}) -> true;
is_compiled_ms(_) -> false.

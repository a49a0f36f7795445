-module(fun2ms_errors).
-export([main/0]).

% Funs ets:fun2ms/1 and dbg:fun2ms/1 cannot translate: the compiler stops at
% the first one, with OTP's message at OTP's place. The sources are in
% include/ (so the test runner does not run them as programs).
main() ->
    lists:foreach(fun compile_one/1, [ms_err_var_param,
                                      ms_err_funref,
                                      ms_err_not_fun,
                                      ms_err_named_fun,
                                      ms_err_arity2,
                                      ms_err_arity0,
                                      ms_err_ets_list_head,
                                      ms_err_ets_atom_head,
                                      ms_err_ets_map_head,
                                      ms_err_dbg_tuple_head,
                                      ms_err_dbg_string_head,
                                      ms_err_top_match_both,
                                      ms_err_nested_match,
                                      ms_err_unknown_record,
                                      ms_err_unknown_field,
                                      ms_err_dup_field,
                                      ms_err_bin_var,
                                      ms_err_reserved_atom,
                                      ms_err_reserved_atom2,
                                      ms_err_unbound_body,
                                      ms_err_unbound_guard,
                                      ms_err_match_body,
                                      ms_err_case_body,
                                      ms_err_if_body,
                                      ms_err_fun_body,
                                      ms_err_funref_body,
                                      ms_err_funcall_body,
                                      ms_err_lc_body,
                                      ms_err_bc_body,
                                      ms_err_try_body,
                                      ms_err_catch_body,
                                      ms_err_block_body,
                                      ms_err_receive_body,
                                      ms_err_bin_body,
                                      ms_err_local_guard,
                                      ms_err_local_body,
                                      ms_err_trace_in_guard,
                                      ms_err_tuple_size_body,
                                      ms_err_remote_body,
                                      ms_err_erlang_bad,
                                      ms_err_rec_unknown_body,
                                      ms_err_is_record_unknown_guard,
                                      ms_err_is_record_unknown_body,
                                      ms_err_two_errors,
                                      ms_err_second_clause]).

compile_one(Name) ->
    File = filename:join("include", atom_to_list(Name) ++ ".erl"),
    case compile:file(File, [return_errors, binary]) of
        {error, Errors, _Warnings} ->
            Lines = [lists:flatten(io_lib:format("~w: ~s", [Loc, M:format_error(D)]))
                     || {_F, Items} <- Errors, {Loc, M, D} <- Items],
            io:format("~s~n", [Name]),
            [io:format("  ~s~n", [L]) || L <- lists:sort(Lines)];
        Other ->
            io:format("~s: ~p~n", [Name, element(1, Other)])
    end.

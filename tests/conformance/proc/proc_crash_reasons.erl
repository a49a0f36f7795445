-module(proc_crash_reasons).
-export([main/0, fc/1]).

%% Under `erl -noshell` OTP's logger prints crash reports of spawned processes
%% on stdout; silence it. (A VM without a logger module raises undef here, which
%% the catch swallows.)
quiet() -> catch logger:set_primary_config(level, none), ok.

id(X) -> X.

fc(a) -> ok.

%% run F in a monitored process and return its exit reason
reason(F) ->
    {P, M} = spawn_monitor(F),
    receive {'DOWN', M, process, P, Why} -> Why end.

%% error-class reasons are {Reason, Stack}; show Reason and that Stack is a list
show(Name, {{badarity, {F, A}}, Stack}) when is_function(F), is_list(Stack) ->
    io:format("~s: {badarity, {Fun, ~p}} (with stack)~n", [Name, A]);
show(Name, {R, Stack}) when is_list(Stack) -> io:format("~s: ~p (with stack)~n", [Name, R]);
show(Name, R) -> io:format("~s: ~p~n", [Name, R]).

main() ->
    quiet(),
    show("badmatch", reason(fun() -> {ok, _} = id({error, 42}) end)),
    show("badmatch list", reason(fun() -> [_] = id([1, 2]) end)),
    show("function_clause", reason(fun() -> fc(id(b)) end)),
    show("case_clause", reason(fun() -> case id(7) of 1 -> one end end)),
    show("if_clause", reason(fun() -> X = id(3), if X > 5 -> big end end)),
    show("try_clause", reason(fun() -> try id(x) of y -> y catch _ -> z end end)),
    show("badarith", reason(fun() -> id(1) + id(a) end)),
    show("badarg", reason(fun() -> atom_to_list(id(42)) end)),
    show("undef", reason(fun() -> (id(no_such_mod)):f() end)),
    show("badfun", reason(fun() -> (id(not_a_fun))() end)),
    show("badarity", reason(fun() -> (id(fun(_) -> ok end))() end)),
    show("badmap", reason(fun() -> (id(x))#{a => 1} end)),
    show("map pattern mismatch", reason(fun() -> #{b := _} = id(#{}), ok end)),
    show("badkey get", reason(fun() -> maps:get(missing, id(#{})) end)),
    show("system_limit", reason(fun() -> list_to_atom(lists:duplicate(300, $a)) end)),
    %% uncaught throw becomes {nocatch, Value}
    show("throw", reason(fun() -> throw(my_ball) end)),
    show("throw tuple", reason(fun() -> throw({ball, [1, 2]}) end)),
    %% error/1 and error/2
    show("error/1", reason(fun() -> error(my_error) end)),
    show("error/2", reason(fun() -> error(my_error2, [arg1, arg2]) end)),
    {{my_error3, Stack}} = {reason(fun() -> error(my_error3, [x, y]) end)},
    [{_, _, Args, _} | _] = Stack,
    io:format("error/2 top frame args: ~p~n", [Args]),
    %% exit reasons are passed through unchanged
    show("exit shutdown", reason(fun() -> exit(shutdown) end)),
    show("exit {shutdown, x}", reason(fun() -> exit({shutdown, x}) end)),
    show("exit 3-tuple", reason(fun() -> exit({my, own, reason}) end)),
    %% a crash inside a catch is caught and the process exits normally
    show("caught", reason(fun() -> catch error(inside), ok end)),
    show("try caught", reason(fun() -> try error(inside) catch error:inside -> ok end end)),
    %% the error reason seen by a linked trapping process is the same
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> {a} = id({b}) end),
    receive {'EXIT', P, {EReason, EStack}} -> io:format("EXIT: ~p, stack list: ~p~n", [EReason, is_list(EStack)]) end,
    P2 = spawn_link(fun() -> throw(t) end),
    receive {'EXIT', P2, {TReason, _}} -> io:format("EXIT throw: ~p~n", [TReason]) end,
    process_flag(trap_exit, false),
    %% a crash inside a spawned process does not affect the spawner
    spawn(fun() -> error(unrelated) end),
    receive after 10 -> ok end,
    io:format("main still running~n"),
    ok.

%% EUnit for Girder: eunit:test/1,2, written for Girder from the EUnit
%% user's guide and reference manual (OTP 25). The report it prints is
%% OTP 25's text (eunit_tty's), so a test run reads the same under both.
%%
%% Design (docs/internals/eunit.md has the long version):
%% - test/2 runs everything in a fresh runner process and waits for its
%%   verdict; the runner prints through the caller's group leader.
%% - The runner walks the test descriptors lazily, in order: generators are
%%   called when reached, fixtures set up when entered. Descriptors are read
%%   into two internal records, a test and a group (a title, a timeout, an
%%   order, a spawn, or a fixture around some tests); a group around one
%%   test gives that test its title and timeout, as EUnit does.
%% - Every test runs in a process of its own, whose group leader collects
%%   its output (shown only if the test fails), under a timeout (5 s unless
%%   {timeout, T, ...} says otherwise). A test that times out, or whose
%%   process dies, cancels the rest of its scope: the tests up to the nearest
%%   {spawn, ...}, {inparallel, ...} or the whole run, as EUnit's process
%%   structure does.
%% - A fixture's setup and cleanup run in a process of their own that lives
%%   while its tests run, so processes linked to the setup stay up.
%% - {inparallel, ...} runs its tests one after the other (each still in its
%%   own process).
-module(eunit).

-export([test/1, test/2]).
%% Used by the macros of eunit.hrl.
-export([under_eunit/0, captured_output/0, command/1]).

-define(DEFAULT_TEST_TIMEOUT, 5000).

%% A test: f (a fun of arity 0), and what the report calls it.
-record('$eunit_test', {f, module, name, line = 0, desc, timeout, mf}).
%% A group of tests with its properties; with a fixture, tests is the
%% instantiator (a fun of the setup's result).
-record('$eunit_group', {desc, order, spawn, timeout, fixture, tests}).
%% The runner's state.
-record(st, {verbose = false, indent = 0, pass = 0, fail = 0, skip = 0, cancel = 0}).
%% Where a test runs: the deadline of the innermost group with a timeout
%% (monotonic ms, or infinity).
-record(ctx, {deadline = infinity}).

-define(T, '$eunit_test').
-define(G, '$eunit_group').

%% ---------------------------------------------------------------------
%% The API

test(Tests) ->
    test(Tests, []).

test(Tests, Options) ->
    Verbose = proplists:get_bool(verbose, Options),
    Caller = self(),
    Ref = make_ref(),
    {Pid, MRef} = spawn_monitor(fun () -> Caller ! {Ref, run_all(Tests, Verbose)} end),
    receive
        {Ref, Result} ->
            erlang:demonitor(MRef, [flush]),
            Result;
        {'DOWN', MRef, process, Pid, Reason} ->
            io:fwrite("Internal error: ~tP.\n", [Reason, 25]),
            error
    end.

%% True inside a test: its group leader is one of EUnit's output collectors.
under_eunit() ->
    case erlang:process_info(group_leader(), current_function) of
        {current_function, {?MODULE, collect, 1}} -> true;
        _ -> false
    end.

%% The output the running test has printed so far (?capturedOutput).
captured_output() ->
    case under_eunit() of
        true ->
            Ref = make_ref(),
            group_leader() ! {'$eunit_output', self(), Ref},
            receive {Ref, Bin} -> unicode:characters_to_list(Bin) end;
        false ->
            ""
    end.

%% ?cmd and ?assertCmd*: {ExitStatus, Output} of Cmd run by the shell on
%% a port (stderr included in the output).
command(Cmd) ->
    P = open_port({spawn, Cmd}, [stream, binary, in, exit_status, stderr_to_stdout, hide]),
    Result = command_output(P, []),
    %% Closing synchronises with the port: a caller that traps exits has its
    %% {'EXIT', P, normal} by then, and it is taken back.
    catch erlang:port_close(P),
    receive {'EXIT', P, _} -> ok after 0 -> ok end,
    Result.

command_output(P, Acc) ->
    receive
        {P, {data, D}} -> command_output(P, [D | Acc]);
        {P, {exit_status, N}} -> {N, binary_to_list(iolist_to_binary(lists:reverse(Acc)))}
    end.

%% ---------------------------------------------------------------------
%% The run and its report

run_all(Tests, Verbose) ->
    St0 = #st{verbose = Verbose},
    case Verbose of
        true -> fwrite("======================== EUnit ========================\n");
        false -> ok
    end,
    Top = #?G{tests = Tests, spawn = top},
    {_, St} = run_group(Top, #ctx{}, St0),
    summary(St).

summary(#st{pass = Pass, fail = 0, skip = 0, cancel = 0, verbose = Verbose}) ->
    if
        Pass =:= 0 ->
            fwrite("  There were no tests to run.\n");
        true ->
            case Verbose of
                true -> bar();
                false -> ok
            end,
            if
                Pass =:= 1 -> fwrite("  Test passed.\n");
                Pass =:= 2 -> fwrite("  2 tests passed.\n");
                true -> fwrite("  All ~w tests passed.\n", [Pass])
            end
    end,
    ok;
summary(#st{pass = Pass, fail = Fail, skip = Skip, cancel = Cancel}) ->
    bar(),
    fwrite("  Failed: ~w.  Skipped: ~w.  Passed: ~w.\n", [Fail, Skip, Pass]),
    case Cancel of
        0 -> ok;
        _ -> fwrite("One or more tests were cancelled.\n")
    end,
    error.

bar() ->
    fwrite("=======================================================\n").

fwrite(Text) ->
    io:fwrite(Text).

fwrite(Format, Args) ->
    io:fwrite(Format, Args).

indent(#st{indent = N}) when N >= 1 ->
    fwrite(lists:duplicate(N * 2, $\s));
indent(_) ->
    ok.

%% "Module:Line: Name (Desc)..." as EUnit starts a test's line.
print_test_begin(#?T{module = M, name = Name, line = Line, desc = Desc}, St) ->
    indent(St),
    L = case Line of
            0 -> "";
            _ -> io_lib:fwrite("~w:", [Line])
        end,
    D = case Desc of
            undefined -> "";
            <<>> -> "";
            _ -> io_lib:fwrite(" (~ts)", [Desc])
        end,
    case M of
        undefined -> fwrite("~ts~ts...", [L, D]);
        _ -> fwrite("~ts:~ts ~ts~ts...", [atom_to_list(M), L, to_text(Name), D])
    end.

to_text(A) when is_atom(A) -> atom_to_list(A);
to_text(T) -> T.

desc_text(undefined) -> "undefined";
desc_text(D) -> D.

print_failure(Exception, Output) ->
    fwrite("*failed*\n~ts", [format_exception(Exception)]),
    fwrite("  output:<<\"~ts\">>\n\n", [Output]).

%% A group's start line (verbose, or before a cancellation message).
print_group_start(Desc, St) ->
    indent(St),
    fwrite("~ts\n", [desc_text(Desc)]).

format_exception({Class, Term, Trace}) when is_atom(Class), is_list(Trace) ->
    case is_stacktrace(Trace) of
        true ->
            io_lib:format("~ts**~w:~ts", [format_stacktrace(Trace, "in function"), Class, format_term(Term)]);
        false ->
            format_term(Term)
    end;
format_exception(Term) ->
    format_term(Term).

format_term(Term) ->
    io_lib:format("~tP\n", [Term, 20]).

is_stacktrace([]) -> true;
is_stacktrace([{M, F, A, L} | Fs]) when is_atom(M), is_atom(F), is_integer(A) orelse is_list(A), is_list(L) ->
    is_stacktrace(Fs);
is_stacktrace([{M, F, A} | Fs]) when is_atom(M), is_atom(F), is_integer(A) orelse is_list(A) ->
    is_stacktrace(Fs);
is_stacktrace(_) -> false.

format_stacktrace([], _) ->
    "";
format_stacktrace([{M, F, A} | Fs], Pre) ->
    format_stacktrace([{M, F, A, []} | Fs], Pre);
format_stacktrace([{M, F, A, L} | Fs], Pre) when is_integer(A) ->
    [io_lib:fwrite("~ts ~w:~tw/~w~ts\n", [Pre, M, F, A, format_location(L)])
     | format_stacktrace(Fs, "in call from")];
format_stacktrace([{M, F, Args, L} | Fs], Pre) ->
    Call = io_lib:fwrite("~tw(~ts)", [F, lists:join(",", [io_lib:format("~tP", [X, 15]) || X <- Args])]),
    [io_lib:fwrite("~ts ~w:~tw/~w~ts\n  called as ~ts\n", [Pre, M, F, length(Args), format_location(L), Call])
     | format_stacktrace(Fs, "in call from")].

format_location(L) ->
    case {proplists:get_value(file, L), proplists:get_value(line, L)} of
        {File, Line} when File =/= undefined, Line =/= undefined ->
            io_lib:format(" (~ts, line ~w)", [File, Line]);
        _ ->
            ""
    end.

%% The report of a descriptor error that stops a group.
format_error({bad_test, Term}) ->
    error_msg("bad test descriptor", "~tP", [Term, 20]);
format_error({bad_generator, {{M, F, A}, Term}}) ->
    error_msg(io_lib:format("result from generator ~w:~tw/~w is not a test", [M, F, A]), "~tP", [Term, 20]);
format_error({generator_failed, {{M, F, A}, Exception}}) ->
    error_msg(io_lib:format("test generator ~w:~tw/~w failed", [M, F, A]), "~ts", [format_exception(Exception)]);
format_error({no_such_function, {M, F, A}}) ->
    error_msg(io_lib:format("no such function: ~w:~tw/~w", [M, F, A]), "", []);
format_error({module_not_found, M}) ->
    error_msg("test module not found", "~tp", [M]);
format_error({application_not_found, A}) ->
    error_msg("application not found", "~w", [A]);
format_error({file_read_error, {_Reason, Msg, F}}) ->
    error_msg("error reading file", "~ts: ~ts", [Msg, F]);
format_error({setup_failed, Exception}) ->
    error_msg("context setup failed", "~ts", [format_exception(Exception)]);
format_error({cleanup_failed, Exception}) ->
    error_msg("context cleanup failed", "~ts", [format_exception(Exception)]);
format_error({bad_instantiator, {{M, F, A}, Term}}) ->
    error_msg(io_lib:format("result from instantiator ~w:~tw/~w is not a test", [M, F, A]), "~tP", [Term, 20]);
format_error({instantiation_failed, Exception}) ->
    error_msg("instantiation of subtests failed", "~ts", [format_exception(Exception)]).

error_msg(Title, Format, Args) ->
    Msg = io_lib:format("**" ++ Format, Args),
    io_lib:fwrite("*** ~ts ***\n~ts\n\n", [Title, Msg]).

format_skipped({module_not_found, M}) ->
    io_lib:fwrite("missing module: ~w", [M]);
format_skipped({no_such_function, {M, F, A}}) ->
    io_lib:fwrite("no such function: ~w:~tw/~w", [M, F, A]).

%% ---------------------------------------------------------------------
%% Reading descriptors

%% The next test item of a (deep) list of descriptors: {Item, Rest} or
%% none. A non-empty string is one item (a file name), not a list.
next([]) ->
    none;
next([H | T]) when is_list(H) ->
    case is_string(H) andalso H =/= [] of
        true ->
            item(H, T);
        false ->
            case next(H) of
                none -> next(T);
                {Item, Rest} -> {Item, [Rest | T]}
            end
    end;
next([H | T] = L) ->
    case is_string(L) of
        true -> item(L, []);
        false -> item(H, T)
    end;
next(X) ->
    item(X, []).

item(X, Rest) ->
    case parse(X) of
        {data, Tests} -> next([Tests | Rest]);
        Item -> {Item, Rest}
    end.

is_string([C | Cs]) when is_integer(C), C >= 0, C =< 16#10ffff -> is_string(Cs);
is_string([]) -> true;
is_string(_) -> false.

bad(T) ->
    throw({'$eunit_error', {bad_test, T}}).

%% One descriptor: a test, a group, or {data, Tests} standing for it.
parse(#?T{} = T) ->
    T;
parse(#?G{} = G) ->
    G;
parse({foreach, S, Fs}) when is_function(S), is_list(Fs) ->
    parse({foreach, local, S, fun ok/1, Fs});
parse({foreach, S, C, Fs}) when is_function(S), is_function(C), is_list(Fs) ->
    parse({foreach, local, S, C, Fs});
parse({foreach, P, S, Fs}) when is_function(S), is_list(Fs) ->
    parse({foreach, P, S, fun ok/1, Fs});
parse({foreach, P, S, C, Fs} = T) when is_function(S), is_function(C), is_list(Fs) ->
    arity(S, 0, T),
    arity(C, 1, T),
    {data, [{setup, P, S, C, I} || I <- Fs]};
parse({foreachx, S, Ps}) when is_function(S), is_list(Ps) ->
    parse({foreachx, local, S, fun ok/2, Ps});
parse({foreachx, S, C, Ps}) when is_function(S), is_function(C), is_list(Ps) ->
    parse({foreachx, local, S, C, Ps});
parse({foreachx, P, S, Ps}) when is_function(S), is_list(Ps) ->
    parse({foreachx, P, S, fun ok/2, Ps});
parse({foreachx, P, S1, C1, Ps} = T) when is_function(S1), is_function(C1), is_list(Ps) ->
    arity(S1, 1, T),
    arity(C1, 2, T),
    {data, [case Pair of
                {X, F} when is_function(F, 2) ->
                    {setup, P, fun () -> S1(X) end, fun (R) -> C1(X, R) end, fun (R) -> F(X, R) end};
                _ ->
                    bad(T)
            end
            || Pair <- Ps]};
parse({generator, F}) when is_function(F) ->
    {module, M} = erlang:fun_info(F, module),
    {name, N} = erlang:fun_info(F, name),
    {arity, A} = erlang:fun_info(F, arity),
    parse({generator, F, {M, N, A}});
parse({generator, F, {M, N, A}} = T) when is_function(F), is_atom(M), is_atom(N), is_integer(A) ->
    arity(F, 0, T),
    case run_fun(F) of
        {ok, Tests} ->
            case is_not_test(Tests) of
                true -> throw({'$eunit_error', {bad_generator, {{M, N, A}, Tests}}});
                false -> {data, Tests}
            end;
        {error, {error, undef, [{M, N, [], _} | _]}} when is_atom(M) ->
            throw({'$eunit_error', missing(M, N)});
        {error, Exception} ->
            throw({'$eunit_error', {generator_failed, {{M, N, A}, Exception}}})
    end;
parse({generator, M, F}) when is_atom(M), is_atom(F) ->
    parse({generator, fun () -> M:F() end, {M, F, 0}});
parse({inorder, T}) ->
    fold(#?G{tests = T, order = inorder});
parse({inparallel, T}) ->
    parse({inparallel, 0, T});
parse({inparallel, N, T}) when is_integer(N), N >= 0 ->
    fold(#?G{tests = T, order = inparallel});
parse({timeout, N, T}) when is_number(N), N >= 0 ->
    fold(#?G{tests = T, timeout = round(N * 1000)});
parse({spawn, T}) ->
    fold(#?G{tests = T, spawn = local});
parse({spawn, N, T}) when is_atom(N) ->
    fold(#?G{tests = T, spawn = local});
parse({setup, S, I}) when is_function(S); is_list(S) ->
    parse({setup, local, S, I});
parse({setup, S, C, I}) when is_function(S), is_function(C) ->
    parse({setup, local, S, C, I});
parse({setup, P, S, I}) when is_function(S) ->
    parse({setup, P, S, fun ok/1, I});
parse({setup, P, L, I} = T) when is_list(L) ->
    {S, C} = multi_setup(L, T),
    parse({setup, P, S, C, I});
parse({setup, P, S, C, I} = T) when is_function(S), is_function(C), is_function(I) ->
    arity(S, 0, T),
    arity(C, 1, T),
    case erlang:fun_info(I, arity) of
        {arity, 0} ->
            parse({setup, P, S, C, fun (_) -> I end});
        _ ->
            arity(I, 1, T),
            Spawn = case P of
                        local -> undefined;
                        spawn -> local;
                        {spawn, N} when is_atom(N) -> local;
                        _ -> bad(T)
                    end,
            #?G{tests = I, fixture = {S, C}, spawn = Spawn}
    end;
parse({setup, P, S, C, {with, As}}) when is_list(As) ->
    parse({setup, P, S, C, fun (X) -> {with, X, As} end});
parse({setup, P, S, C, T}) when is_function(S), is_function(C) ->
    parse({setup, P, S, C, fun (_) -> T end});
parse({node, _N, T}) ->
    parse({spawn, T});
parse({node, _N, _A, T}) ->
    parse({spawn, T});
parse({module, M}) when is_atom(M) ->
    {data, {"module '" ++ atom_to_list(M) ++ "'", module_tests(M)}};
parse({application, A}) when is_atom(A) ->
    throw({'$eunit_error', {application_not_found, A}});
parse({application, A, Info} = T) when is_atom(A) ->
    case proplists:get_value(modules, Info) of
        Ms when is_list(Ms) -> {data, {"application '" ++ atom_to_list(A) ++ "'", Ms}};
        _ -> bad(T)
    end;
parse({file, F}) when is_list(F) ->
    throw({'$eunit_error', {file_read_error, {enotsup, "reading tests from files is not supported", F}}});
parse({dir, D}) when is_list(D) ->
    throw({'$eunit_error', {file_read_error, {enotsup, "reading tests from directories is not supported", D}}});
parse({with, X, As} = T) when is_list(As) ->
    {data, [case is_function(A, 1) of
                true -> with_test(A, X);
                false -> bad(T)
            end
            || A <- As]};
parse({S, T1} = T) when is_list(S) ->
    case is_string(S) of
        true -> fold(#?G{tests = T1, desc = unicode:characters_to_binary(S)});
        false -> bad(T)
    end;
parse({S, T1}) when is_binary(S) ->
    fold(#?G{tests = T1, desc = S});
parse(T) when is_tuple(T), tuple_size(T) > 2, is_list(element(1, T)) ->
    [S | Es] = tuple_to_list(T),
    parse({S, list_to_tuple(Es)});
parse(T) when is_tuple(T), tuple_size(T) > 2, is_binary(element(1, T)) ->
    [S | Es] = tuple_to_list(T),
    parse({S, list_to_tuple(Es)});
parse(M) when is_atom(M) ->
    parse({module, M});
parse(T) when is_list(T) ->
    case is_string(T) of
        true -> parse({file, T});
        false -> bad(T)
    end;
parse(T) ->
    parse_simple(T).

parse_simple({L, F}) when is_integer(L), L >= 0 ->
    (parse_simple(F))#?T{line = L};
parse_simple({{M, N, A}, F}) when is_atom(M), is_atom(N), is_integer(A) ->
    (parse_simple(F))#?T{module = M, name = N};
parse_simple(F) when is_function(F) ->
    arity(F, 0, F),
    {M, N} = fun_location(F),
    #?T{f = F, module = M, name = N};
parse_simple({test, M, F}) when is_atom(M), is_atom(F) ->
    #?T{f = fun () -> M:F() end, module = M, name = F, mf = {M, F}};
parse_simple({M, F}) when is_atom(M), is_atom(F) ->
    parse_simple({test, M, F});
parse_simple(T) ->
    bad(T).

%% {with, X, [F]}: F(X) for each F, named after F.
with_test(A, X) ->
    {M, N} = fun_location(A),
    #?T{f = fun () -> A(X) end, module = M, name = N}.

fun_location(F) ->
    {module, M} = erlang:fun_info(F, module),
    {name, N} = erlang:fun_info(F, name),
    {M, N}.

arity(F, N, _) when is_function(F, N) -> ok;
arity(_, _, T) -> bad(T).

ok(_) -> ok.
ok(_, _) -> ok.

%% {setup, [{Tag, Setup, Cleanup} | {Tag, Setup}], ...}: the setups in
%% order, their results as a list; the cleanups in reverse order.
multi_setup(L, T) ->
    lists:foreach(fun ({Tag, S, C}) when is_atom(Tag), is_function(S, 0), is_function(C, 1) -> ok;
                      ({Tag, S}) when is_atom(Tag), is_function(S, 0) -> ok;
                      (_) -> bad(T)
                  end, L),
    Setup = fun () -> [(element(2, E))() || E <- L] end,
    Cleanup = fun (Rs) ->
                      Pairs = lists:zip(L, Rs),
                      lists:foreach(fun ({{_, _, C}, R}) -> C(R);
                                        (_) -> ok
                                    end, lists:reverse(Pairs))
              end,
    {Setup, Cleanup}.

%% Values a generator returns that are certainly not tests (a common slip).
is_not_test(T) ->
    case T of
        ok -> true;
        error -> true;
        true -> true;
        false -> true;
        undefined -> true;
        {ok, _} -> true;
        {error, _} -> true;
        {'EXIT', _} -> true;
        N when is_number(N) -> true;
        [N | _] when is_number(N) -> true;
        X when is_binary(X); is_pid(X); is_port(X); is_reference(X) -> true;
        _ -> false
    end.

%% The tests of a module: its exported Name_test/0 (tests) and Name_test_/0
%% (generators) in the order the module defines them, then those of
%% Module_tests if there is such a module.
module_tests(M) ->
    Exports = try M:module_info(exports)
              catch error:undef -> throw({'$eunit_error', {module_not_found, M}})
              end,
    Own = [case lists:suffix("_test_", atom_to_list(F)) of
               true -> {generator, M, F};
               false -> {test, M, F}
           end
           || {F, 0} <- Exports, is_test_name(atom_to_list(F))],
    Name = atom_to_list(M),
    case lists:suffix("_tests", Name) of
        true ->
            Own;
        false ->
            TestModule = list_to_atom(Name ++ "_tests"),
            try module_tests(TestModule) of
                More -> Own ++ [{"module '" ++ Name ++ "_tests'", More}]
            catch
                throw:{'$eunit_error', {module_not_found, TestModule}} -> Own
            end
    end.

is_test_name(N) ->
    lists:suffix("_test", N) orelse lists:suffix("_test_", N).

%% A group around a single test or group lends it its properties when they
%% do not clash (EUnit's rule, so {"title", Test} titles the test itself).
%% Items parsed while looking ahead are kept, so a generator runs once.
fold(#?G{fixture = undefined, spawn = undefined, tests = T0} = G) ->
    case next(T0) of
        none ->
            G#?G{tests = []};
        {Item, Rest} ->
            case next(Rest) of
                none -> fold_one(G, Item);
                {Item2, Rest2} -> G#?G{tests = [Item, Item2 | Rest2]}
            end
    end;
fold(G) ->
    G.

fold_one(#?G{desc = D, timeout = To}, #?T{desc = D1, timeout = To1} = T)
  when (D =:= undefined orelse D1 =:= undefined), (To =:= undefined orelse To1 =:= undefined) ->
    T#?T{desc = join(D, D1), timeout = join(To, To1)};
fold_one(#?G{desc = D, order = O, timeout = To}, #?G{desc = D1, order = O1, timeout = To1} = G1)
  when (D =:= undefined orelse D1 =:= undefined), (O =:= undefined orelse O1 =:= undefined),
       (To =:= undefined orelse To1 =:= undefined) ->
    G1#?G{desc = join(D, D1), order = join(O, O1), timeout = join(To, To1)};
fold_one(G, Item) ->
    G#?G{tests = [Item]}.

join(undefined, X) -> X;
join(X, _) -> X.

%% Calls F() and says how it went.
run_fun(F) ->
    try F() of
        Value -> {ok, Value}
    catch
        Class:Reason:Stack -> {error, {Class, Reason, prune(Stack)}}
    end.

%% A stack trace without the frames of this module (the runner's own).
prune(Stack) ->
    lists:takewhile(fun (Frame) -> element(1, Frame) =/= ?MODULE end, Stack).

missing(M, F) ->
    case erlang:module_loaded(M) of
        true -> {no_such_function, {M, F, 0}};
        false -> {module_not_found, M}
    end.

%% ---------------------------------------------------------------------
%% Running

%% Runs a group's tests. Returns {Outcome, St}: Outcome is ok, or
%% {abort, Kind} when a test's process died or timed out and the rest of
%% the scope is cancelled; a group that is a scope (top, spawn,
%% inparallel) reports the abort and ends normally.
run_group(#?G{desc = Desc, fixture = Fixture} = G, Ctx0, St0) ->
    Verbose = St0#st.verbose,
    Shown = Verbose andalso Desc =/= undefined andalso Desc =/= <<>>,
    case Shown of
        true -> print_group_start(Desc, St0);
        false -> ok
    end,
    St1 = case Shown of
              true -> St0#st{indent = St0#st.indent + 1};
              false -> St0
          end,
    {Ctx, OwnsDeadline} = group_ctx(G, Ctx0),
    Start = erlang:monotonic_time(millisecond),
    {Outcome, St2} =
        case Fixture of
            undefined -> run_tests(G#?G.tests, G, Ctx, St1);
            {Setup, Cleanup} -> run_fixture(Setup, Cleanup, G, Ctx, St1)
        end,
    St3 = case Shown of
              true ->
                  Time = erlang:monotonic_time(millisecond) - Start,
                  St2a = St2#st{indent = St2#st.indent - 1},
                  case Outcome of
                      ok when Time > 0 ->
                          indent(St2),
                          fwrite("[done in ~.3f s]\n", [Time / 1000]);
                      _ -> ok
                  end,
                  St2a;
              false -> St2
          end,
    finish_group(Outcome, G, OwnsDeadline, St3).

%% The group whose timeout ran out says so; a scope group reports an abort
%% that reached it and stops it there.
finish_group({abort, timeout_group}, #?G{desc = Desc} = G, true, St) ->
    print_group_start(Desc, St),
    fwrite("*timed out*\n"),
    case is_scope(G) of
        true -> {ok, St};
        false -> {{abort, blame}, St}
    end;
finish_group({abort, timeout_group}, _G, false, St) ->
    {{abort, timeout_group}, St};
finish_group({abort, Kind}, #?G{desc = Desc} = G, _, St) ->
    case is_scope(G) of
        true ->
            print_group_start(Desc, St),
            case Kind of
                blame -> ok;
                {exit, Reason} ->
                    fwrite("*unexpected termination of test process*\n::~tP\n\n", [Reason, 15])
            end,
            {ok, St};
        false ->
            {{abort, Kind}, St}
    end;
finish_group(Outcome, _G, _, St) ->
    {Outcome, St}.

is_scope(#?G{spawn = Spawn, order = Order}) ->
    Spawn =/= undefined orelse Order =:= inparallel.

%% A group's timeout counts from its start: {Ctx, true} if it is now the
%% nearest deadline.
group_ctx(#?G{timeout = undefined}, Ctx) ->
    {Ctx, false};
group_ctx(#?G{timeout = T}, #ctx{deadline = D} = Ctx) ->
    Mine = erlang:monotonic_time(millisecond) + T,
    case D =/= infinity andalso D =< Mine of
        true -> {Ctx, false};
        false -> {Ctx#ctx{deadline = Mine}, true}
    end.

%% The tests of a group in order; a descriptor error stops the group.
run_tests(Tests, G, Ctx, St) ->
    try next(Tests) of
        none ->
            {ok, St};
        {Item, Rest} ->
            case run_item(Item, Ctx, St) of
                {ok, St1} -> run_tests(Rest, G, Ctx, St1);
                {{abort, _}, _} = Abort -> Abort
            end
    catch
        throw:{'$eunit_error', Reason} ->
            print_group_start(G#?G.desc, St),
            fwrite("~ts", [format_error(Reason)]),
            {ok, St#st{cancel = St#st.cancel + 1}}
    end.

run_item(#?T{} = T, Ctx, St) ->
    run_test(T, Ctx, St);
run_item(#?G{} = G, Ctx, St) ->
    run_group(G, Ctx, St).

%% One test in its own process.
run_test(#?T{f = F, timeout = Own} = T, #ctx{deadline = Deadline}, St) ->
    case St#st.verbose of
        true -> print_test_begin(T, St);
        false -> ok
    end,
    Now = erlang:monotonic_time(millisecond),
    Limit = case Own of
                undefined -> ?DEFAULT_TEST_TIMEOUT;
                _ -> Own
            end,
    {Wait, Why} = case Deadline of
                      infinity -> {Limit, timeout};
                      _ when Deadline - Now < Limit -> {max(0, Deadline - Now), timeout_group};
                      _ -> {Limit, timeout}
                  end,
    Runner = self(),
    Collector = spawn(fun () -> collect([]) end),
    {Pid, MRef} = spawn_monitor(fun () ->
                                        group_leader(Collector, self()),
                                        Runner ! {self(), '$eunit_result', run_fun(F)}
                                end),
    Result = receive
                 {Pid, '$eunit_result', R} ->
                     erlang:demonitor(MRef, [flush]),
                     R;
                 {'DOWN', MRef, process, Pid, Reason} ->
                     {died, Reason}
             after Wait ->
                 exit(Pid, kill),
                 erlang:demonitor(MRef, [flush]),
                 Why
             end,
    Output = output_of(Collector),
    Time = erlang:monotonic_time(millisecond) - Now,
    report(Result, T, Output, Time, St).

report({ok, _}, _T, _Output, Time, #st{verbose = Verbose} = St) ->
    case Verbose of
        true when Time > 0 -> fwrite("[~.3f s] ok\n", [Time / 1000]);
        true -> fwrite("ok\n");
        false -> ok
    end,
    {ok, St#st{pass = St#st.pass + 1}};
report({error, {error, undef, [{M, F, [], _} | _]}}, #?T{mf = {M, F}} = T, _Output, _Time, St) ->
    begin_unless_verbose(T, St),
    fwrite("*did not run*\n::~ts\n", [format_skipped(missing(M, F))]),
    {ok, St#st{skip = St#st.skip + 1}};
report({error, Exception}, T, Output, _Time, St) ->
    begin_unless_verbose(T, St),
    print_failure(Exception, Output),
    {ok, St#st{fail = St#st.fail + 1}};
report(timeout, T, _Output, _Time, St) ->
    begin_unless_verbose(T, St),
    fwrite("*timed out*\n"),
    {{abort, blame}, St#st{cancel = St#st.cancel + 1}};
report(timeout_group, T, _Output, _Time, St) ->
    begin_unless_verbose(T, St),
    fwrite("*skipped*\n"),
    {{abort, timeout_group}, St#st{cancel = St#st.cancel + 1}};
report({died, Reason}, T, _Output, _Time, St) ->
    begin_unless_verbose(T, St),
    fwrite("*skipped*\n"),
    {{abort, {exit, Reason}}, St#st{cancel = St#st.cancel + 1}}.

begin_unless_verbose(T, #st{verbose = false} = St) -> print_test_begin(T, St);
begin_unless_verbose(_, _) -> ok.

%% A fixture: setup in a process of its own, the tests, then cleanup in
%% that same process.
run_fixture(Setup, Cleanup, #?G{tests = Instantiate} = G, Ctx, St) ->
    Runner = self(),
    Ref = make_ref(),
    Holder = spawn(fun () -> hold_fixture(Runner, Ref, Setup, Cleanup) end),
    MRef = erlang:monitor(process, Holder),
    case fixture_reply(Holder, MRef, Ref) of
        {ok, Value} ->
            {Outcome, St1} =
                case run_fun(fun () -> Instantiate(Value) end) of
                    {ok, Tests} ->
                        case is_not_test(Tests) of
                            true ->
                                {module, M} = erlang:fun_info(Instantiate, module),
                                {name, N} = erlang:fun_info(Instantiate, name),
                                cancel_group(G, {bad_instantiator, {{M, N, 1}, Tests}}, St);
                            false ->
                                run_tests(Tests, G, Ctx, St)
                        end;
                    {error, Exception} ->
                        cancel_group(G, {instantiation_failed, Exception}, St)
                end,
            Holder ! {Ref, cleanup},
            case fixture_reply(Holder, MRef, Ref) of
                {ok, _} ->
                    erlang:demonitor(MRef, [flush]),
                    {Outcome, St1};
                {error, Exception2} ->
                    erlang:demonitor(MRef, [flush]),
                    {_, St2} = cancel_group(G, {cleanup_failed, Exception2}, St1),
                    {Outcome, St2}
            end;
        {error, Exception} ->
            erlang:demonitor(MRef, [flush]),
            cancel_group(G, {setup_failed, Exception}, St)
    end.

cancel_group(#?G{desc = Desc}, Reason, St) ->
    print_group_start(Desc, St),
    fwrite("~ts", [format_error(Reason)]),
    {ok, St#st{cancel = St#st.cancel + 1}}.

fixture_reply(Holder, MRef, Ref) ->
    receive
        {Ref, Result} -> Result;
        {'DOWN', MRef, process, Holder, Reason} -> {error, {exit, Reason, []}}
    end.

hold_fixture(Runner, Ref, Setup, Cleanup) ->
    case run_fun(Setup) of
        {ok, Value} ->
            Runner ! {Ref, {ok, Value}},
            receive {Ref, cleanup} -> ok end,
            Runner ! {Ref, run_fun(fun () -> Cleanup(Value) end)};
        {error, _} = Error ->
            Runner ! {Ref, Error}
    end.

%% ---------------------------------------------------------------------
%% Output capture: a test's group leader, speaking the I/O protocol.

collect(Acc) ->
    receive
        {io_request, From, ReplyAs, Request} ->
            {Reply, Acc1} = io_request(Request, Acc),
            From ! {io_reply, ReplyAs, Reply},
            collect(Acc1);
        {'$eunit_output', From, Ref} ->
            From ! {Ref, iolist_to_binary(lists:reverse(Acc))},
            collect(Acc);
        '$eunit_stop' ->
            ok
    end.

output_of(Collector) ->
    Ref = make_ref(),
    Collector ! {'$eunit_output', self(), Ref},
    receive
        {Ref, Bin} ->
            Collector ! '$eunit_stop',
            Bin
    end.

io_request({put_chars, Encoding, Chars}, Acc) ->
    put_chars(Encoding, Chars, Acc);
io_request({put_chars, Encoding, M, F, A}, Acc) ->
    try apply(M, F, A) of
        Chars -> put_chars(Encoding, Chars, Acc)
    catch
        _:_ -> {{error, F}, Acc}
    end;
io_request({put_chars, Chars}, Acc) ->
    put_chars(latin1, Chars, Acc);
io_request({put_chars, M, F, A}, Acc) ->
    io_request({put_chars, latin1, M, F, A}, Acc);
io_request({requests, Requests}, Acc) ->
    lists:foldl(fun (R, {ok, A}) -> io_request(R, A);
                    (_, Done) -> Done
                end, {ok, Acc}, Requests);
io_request({setopts, _}, Acc) ->
    {ok, Acc};
io_request(getopts, Acc) ->
    {[{binary, false}, {encoding, unicode}], Acc};
io_request({get_geometry, _}, Acc) ->
    {{error, enotsup}, Acc};
io_request(_, Acc) ->
    {eof, Acc}.

put_chars(Encoding, Chars, Acc) ->
    case unicode:characters_to_binary(Chars, Encoding, unicode) of
        Bin when is_binary(Bin) -> {ok, [Bin | Acc]};
        _ -> {{error, badarg}, Acc}
    end.

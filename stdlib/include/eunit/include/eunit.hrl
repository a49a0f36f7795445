%% eunit/include/eunit.hrl as Girder ships it, written for Girder from the
%% EUnit user's guide and reference manual (OTP 25). Include it with
%%   -include_lib("eunit/include/eunit.hrl").
%%
%% What including it does:
%% - defines TEST and EUNIT (unless NOTEST is defined; TEST wins over
%%   NOTEST) and turns assertions on (ASSERT);
%% - brings in stdlib/include/assert.hrl (?assert, ?assertEqual, ...);
%% - asks the compiler to export every Name_test/0 and Name_test_/0 and to
%%   add test() -> eunit:test(?MODULE) (unless the module defines test/0).
%%   OTP does this with the parse transform eunit_autoexport; Girder's
%%   compiler recognises that -compile option and does the same itself
%%   (docs/internals/eunit.md). -define(EUNIT_NOAUTO, true) turns it off;
%%   with NOTEST the test functions are dropped instead (eunit_striptests);
%% - defines the ?_assert* test-object macros, ?_test, ?LET, ?IF, ?MATCHES,
%%   ?debugMsg and friends, ?cmd and ?assertCmd*.
-ifndef(EUNIT_HRL).
-define(EUNIT_HRL, true).

-ifdef(TEST).
-undef(NOTEST).
-endif.

-ifdef(DEBUG).
-undef(NODEBUG).
-endif.

-ifndef(NOTEST).
-ifndef(ASSERT).
-define(ASSERT, true).
-endif.
-ifndef(TEST).
-define(TEST, true).
-endif.
-ifndef(EUNIT).
-define(EUNIT, true).
-endif.
-else.
-undef(EUNIT).
-endif.

-include_lib("stdlib/include/assert.hrl").

-ifndef(EUNIT_NOAUTO).
-ifndef(NOTEST).
-compile({parse_transform, eunit_autoexport}).
-else.
-compile({parse_transform, eunit_striptests}).
-endif.
-endif.

%% ?LET(Var, Value, Expr): Expr with Var bound to Value.
-ifndef(LET).
-define(LET(X, Y, Z), begin ((fun (X) -> (Z) end)(Y)) end).
-endif.

%% ?IF(Cond, Then, Else): Cond must be true or false.
-ifndef(IF).
-define(IF(B, T, F), begin (case (B) of true -> (T); false -> (F) end) end).
-endif.

%% ?MATCHES(Pattern, Expr): true if Expr matches Pattern.
-ifndef(MATCHES).
-define(MATCHES(G, E), begin (case (E) of G -> true; _ -> false end) end).
-endif.

%% ?UNDER_EUNIT: true when the code runs as an EUnit test (its group
%% leader is EUnit's output collector).
-ifndef(UNDER_EUNIT).
-define(UNDER_EUNIT, (eunit:under_eunit())).
-endif.

%% Test objects: {Line, Fun}, which EUnit reports as Module:Line.
-define(_test(Expr), {?LINE, fun () -> (Expr) end}).

-define(_assert(BoolExpr), ?_test(?assert(BoolExpr))).
-define(_assertNot(BoolExpr), ?_assert(not (BoolExpr))).
-define(_assertMatch(Guard, Expr), ?_test(?assertMatch(Guard, Expr))).
-define(_assertNotMatch(Guard, Expr), ?_test(?assertNotMatch(Guard, Expr))).
-define(_assertEqual(Expect, Expr), ?_test(?assertEqual(Expect, Expr))).
-define(_assertNotEqual(Unexpected, Expr), ?_test(?assertNotEqual(Unexpected, Expr))).
-define(_assertException(Class, Term, Expr), ?_test(?assertException(Class, Term, Expr))).
-define(_assertError(Term, Expr), ?_assertException(error, Term, Expr)).
-define(_assertExit(Term, Expr), ?_assertException(exit, Term, Expr)).
-define(_assertThrow(Term, Expr), ?_assertException(throw, Term, Expr)).
-define(_assertNotException(Class, Term, Expr), ?_test(?assertNotException(Class, Term, Expr))).

%% ?_let(Var, Value, Expr): a test object evaluating Expr with Var bound.
-define(_let(X, Y, Z), ?_test(?LET(X, Y, Z))).

%% The output the running test has printed so far, as a string.
-ifndef(capturedOutput).
-define(capturedOutput, (eunit:captured_output())).
-endif.

%% Shell commands: {ExitStatus, Output} of os:cmd-style execution.
-define(_cmd_(Cmd), (eunit:command(Cmd))).
-define(cmdStatus(N, Cmd),
        begin
        ((fun () ->
              case ?_cmd_(Cmd) of
                  {(N), EUnit__Out} -> EUnit__Out;
                  {EUnit__N, _} ->
                      erlang:error({command_failed,
                                    [{module, ?MODULE}, {line, ?LINE}, {command, (Cmd)},
                                     {expected_status, (N)}, {status, EUnit__N}]})
              end
          end)())
        end).
-define(_cmdStatus(N, Cmd), ?_test(?cmdStatus(N, Cmd))).
-define(cmd(Cmd), ?cmdStatus(0, Cmd)).
-define(_cmd(Cmd), ?_test(?cmd(Cmd))).

-ifdef(NOASSERT).
-define(assertCmdStatus(N, Cmd), ok).
-define(assertCmdOutput(T, Cmd), ok).
-else.
-define(assertCmdStatus(N, Cmd),
        begin
        ((fun () ->
              case ?_cmd_(Cmd) of
                  {(N), _} -> ok;
                  {EUnit__N, _} ->
                      erlang:error({assertCmd_failed,
                                    [{module, ?MODULE}, {line, ?LINE}, {command, (Cmd)},
                                     {expected_status, (N)}, {status, EUnit__N}]})
              end
          end)())
        end).
-define(assertCmdOutput(T, Cmd),
        begin
        ((fun () ->
              case ?_cmd_(Cmd) of
                  {_, (T)} -> ok;
                  {_, EUnit__T} ->
                      erlang:error({assertCmdOutput_failed,
                                    [{module, ?MODULE}, {line, ?LINE}, {command, (Cmd)},
                                     {expected_output, (T)}, {output, EUnit__T}]})
              end
          end)())
        end).
-endif.
-define(assertCmd(Cmd), ?assertCmdStatus(0, Cmd)).
-define(_assertCmdStatus(N, Cmd), ?_test(?assertCmdStatus(N, Cmd))).
-define(_assertCmd(Cmd), ?_test(?assertCmd(Cmd))).
-define(_assertCmdOutput(T, Cmd), ?_test(?assertCmdOutput(T, Cmd))).

%% Debug printing to the console (the `user` device, past EUnit's output
%% capture): "File:Line:Pid: Text". NODEBUG turns these off.
-ifdef(NODEBUG).
-define(debugMsg(S), ok).
-define(debugHere, ok).
-define(debugFmt(S, As), ok).
-define(debugVal(E), (E)).
-define(debugVal(E, D), (E)).
-define(debugValAll(E), (E)).
-define(debugTime(S, E), (E)).
-else.
-define(debugMsg(S),
        begin
            io:fwrite(user, <<"~ts:~w:~w: ~ts\n">>, [?FILE, ?LINE, self(), S]),
            ok
        end).
-define(debugHere, (?debugMsg("<-"))).
-define(debugFmt(S, As), (?debugMsg(io_lib:format((S), (As))))).
-ifndef(EUNIT_DEBUG_VAL_DEPTH).
-define(EUNIT_DEBUG_VAL_DEPTH, 15).
-endif.
-define(debugVal(E, D),
        begin
        ((fun (EUnit__V) ->
              ?debugFmt(<<"~ts = ~tP">>, [(??E), EUnit__V, D]),
              EUnit__V
          end)(E))
        end).
-define(debugVal(E), ?debugVal(E, ?EUNIT_DEBUG_VAL_DEPTH)).
-define(debugValAll(E), ?debugVal(E, 9999999)).
-define(debugTime(S, E),
        begin
        ((fun () ->
              {EUnit__T0, _} = statistics(wall_clock),
              EUnit__V = (E),
              {EUnit__T1, _} = statistics(wall_clock),
              ?debugFmt(<<"~ts: ~.3f s">>, [(S), (EUnit__T1 - EUnit__T0) / 1000]),
              EUnit__V
          end)())
        end).
-endif.

-endif. % EUNIT_HRL

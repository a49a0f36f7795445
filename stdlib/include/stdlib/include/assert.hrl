%% stdlib/include/assert.hrl as Girder ships it: the ?assert* macros
%% documented in OTP's stdlib (the "assert.hrl" section of the STDLIB
%% reference), written for Girder. Each failing assertion raises
%% erlang:error({Kind, Info}) with the Info property list OTP documents:
%%   [{module, M}, {line, L}, {comment, C} (the /N+1 forms only),
%%    {expression, "source text"}, ...kind-specific entries]
%% so tools that read these terms (EUnit's report among them) see the same
%% thing under Girder and OTP.
%%
%% -define(NOASSERT, true) before the include turns every macro into `ok`;
%% NODEBUG implies NOASSERT unless DEBUG or ASSERT is defined.
%%
%% Each macro body is a fun called on the spot, so the variables it binds
%% (all spelled Assert__*) stay local to the assertion.
-ifndef(ASSERT_HRL).
-define(ASSERT_HRL, true).

-ifdef(NODEBUG).
-ifndef(DEBUG).
-ifndef(NOASSERT).
-define(NOASSERT, true).
-endif.
-endif.
-endif.

-ifdef(ASSERT).
-undef(NOASSERT).
-endif.

-ifdef(NOASSERT).

-define(assert(BoolExpr), ok).
-define(assert(BoolExpr, Comment), ok).
-define(assertNot(BoolExpr), ok).
-define(assertNot(BoolExpr, Comment), ok).
-define(assertMatch(Guard, Expr), ok).
-define(assertMatch(Guard, Expr, Comment), ok).
-define(assertNotMatch(Guard, Expr), ok).
-define(assertNotMatch(Guard, Expr, Comment), ok).
-define(assertEqual(Expect, Expr), ok).
-define(assertEqual(Expect, Expr, Comment), ok).
-define(assertNotEqual(Unexpected, Expr), ok).
-define(assertNotEqual(Unexpected, Expr, Comment), ok).
-define(assertException(Class, Term, Expr), ok).
-define(assertException(Class, Term, Expr, Comment), ok).
-define(assertNotException(Class, Term, Expr), ok).
-define(assertNotException(Class, Term, Expr, Comment), ok).

-else.

%% The info list of a failure: where, the optional comment, then the rest.
-define(ASSERT__INFO(Rest), [{module, ?MODULE}, {line, ?LINE} | Rest]).
-define(ASSERT__INFO(Comment, Rest), [{module, ?MODULE}, {line, ?LINE}, {comment, (Comment)} | Rest]).

%% ?assert(E): E must be true. A false E reports {value, false}; anything
%% else {not_boolean, Value}.
-define(ASSERT__BOOL(Want, Other, BoolExpr, Info),
        begin
        ((fun () ->
              case (BoolExpr) of
                  Want -> ok;
                  Assert__V ->
                      Assert__Rest = [{expression, (??BoolExpr)}, {expected, Want},
                                      case Assert__V of
                                          Other -> {value, Other};
                                          _ -> {not_boolean, Assert__V}
                                      end],
                      erlang:error({assert, Info})
              end
          end)())
        end).
-define(assert(BoolExpr), ?ASSERT__BOOL(true, false, BoolExpr, ?ASSERT__INFO(Assert__Rest))).
-define(assert(BoolExpr, Comment), ?ASSERT__BOOL(true, false, BoolExpr, ?ASSERT__INFO(Comment, Assert__Rest))).
-define(assertNot(BoolExpr), ?ASSERT__BOOL(false, true, BoolExpr, ?ASSERT__INFO(Assert__Rest))).
-define(assertNot(BoolExpr, Comment), ?ASSERT__BOOL(false, true, BoolExpr, ?ASSERT__INFO(Comment, Assert__Rest))).

%% ?assertMatch(Pattern, E): E must match Pattern (guards allowed:
%% ?assertMatch(X when X > 0, E)). Variables bound by Pattern stay inside.
-define(ASSERT__MATCH(Guard, Expr, Info),
        begin
        ((fun () ->
              case (Expr) of
                  Guard -> ok;
                  Assert__V ->
                      Assert__Rest = [{expression, (??Expr)}, {pattern, (??Guard)}, {value, Assert__V}],
                      erlang:error({assertMatch, Info})
              end
          end)())
        end).
-define(assertMatch(Guard, Expr), ?ASSERT__MATCH(Guard, Expr, ?ASSERT__INFO(Assert__Rest))).
-define(assertMatch(Guard, Expr, Comment), ?ASSERT__MATCH(Guard, Expr, ?ASSERT__INFO(Comment, Assert__Rest))).

-define(ASSERT__NOMATCH(Guard, Expr, Info),
        begin
        ((fun () ->
              Assert__V = (Expr),
              case Assert__V of
                  Guard ->
                      Assert__Rest = [{expression, (??Expr)}, {pattern, (??Guard)}, {value, Assert__V}],
                      erlang:error({assertNotMatch, Info});
                  _ -> ok
              end
          end)())
        end).
-define(assertNotMatch(Guard, Expr), ?ASSERT__NOMATCH(Guard, Expr, ?ASSERT__INFO(Assert__Rest))).
-define(assertNotMatch(Guard, Expr, Comment), ?ASSERT__NOMATCH(Guard, Expr, ?ASSERT__INFO(Comment, Assert__Rest))).

%% ?assertEqual(Expected, E): E =:= Expected (a match against a bound value).
-define(ASSERT__EQUAL(Expect, Expr, Info),
        begin
        ((fun () ->
              Assert__X = (Expect),
              case (Expr) of
                  Assert__X -> ok;
                  Assert__V ->
                      Assert__Rest = [{expression, (??Expr)}, {expected, Assert__X}, {value, Assert__V}],
                      erlang:error({assertEqual, Info})
              end
          end)())
        end).
-define(assertEqual(Expect, Expr), ?ASSERT__EQUAL(Expect, Expr, ?ASSERT__INFO(Assert__Rest))).
-define(assertEqual(Expect, Expr, Comment), ?ASSERT__EQUAL(Expect, Expr, ?ASSERT__INFO(Comment, Assert__Rest))).

-define(ASSERT__NOTEQUAL(Unexpected, Expr, Info),
        begin
        ((fun () ->
              Assert__X = (Unexpected),
              case (Expr) of
                  Assert__X ->
                      Assert__Rest = [{expression, (??Expr)}, {value, Assert__X}],
                      erlang:error({assertNotEqual, Info});
                  _ -> ok
              end
          end)())
        end).
-define(assertNotEqual(Unexpected, Expr), ?ASSERT__NOTEQUAL(Unexpected, Expr, ?ASSERT__INFO(Assert__Rest))).
-define(assertNotEqual(Unexpected, Expr, Comment),
        ?ASSERT__NOTEQUAL(Unexpected, Expr, ?ASSERT__INFO(Comment, Assert__Rest))).

%% ?assertException(Class, Term, E): evaluating E must raise Class:Term
%% (Term may be a pattern). The pattern is reported as the text
%% "{ Class , Term , [...] }".
-define(ASSERT__PATTERN(Class, Term), ("{ " ++ (??Class) ++ " , " ++ (??Term) ++ " , [...] }")).
-define(ASSERT__RAISES(Class, Term, Expr, Info),
        begin
        ((fun () ->
              try (Expr) of
                  Assert__V ->
                      Assert__Rest = [{expression, (??Expr)}, {pattern, ?ASSERT__PATTERN(Class, Term)},
                                      {unexpected_success, Assert__V}],
                      erlang:error({assertException, Info})
              catch
                  Class:Term -> ok;
                  Assert__C:Assert__T:Assert__S ->
                      Assert__Rest = [{expression, (??Expr)}, {pattern, ?ASSERT__PATTERN(Class, Term)},
                                      {unexpected_exception, {Assert__C, Assert__T, Assert__S}}],
                      erlang:error({assertException, Info})
              end
          end)())
        end).
-define(assertException(Class, Term, Expr), ?ASSERT__RAISES(Class, Term, Expr, ?ASSERT__INFO(Assert__Rest))).
-define(assertException(Class, Term, Expr, Comment),
        ?ASSERT__RAISES(Class, Term, Expr, ?ASSERT__INFO(Comment, Assert__Rest))).

%% ?assertNotException(Class, Term, E): E may return or raise anything but
%% Class:Term.
-define(ASSERT__NORAISE(Class, Term, Expr, Info),
        begin
        ((fun () ->
              try (Expr) of
                  _ -> ok
              catch
                  Assert__C:Assert__T:Assert__S ->
                      case {Assert__C, Assert__T} of
                          {Class, Term} ->
                              Assert__Rest = [{expression, (??Expr)}, {pattern, ?ASSERT__PATTERN(Class, Term)},
                                              {unexpected_exception, {Assert__C, Assert__T, Assert__S}}],
                              erlang:error({assertNotException, Info});
                          _ -> ok
                      end
              end
          end)())
        end).
-define(assertNotException(Class, Term, Expr), ?ASSERT__NORAISE(Class, Term, Expr, ?ASSERT__INFO(Assert__Rest))).
-define(assertNotException(Class, Term, Expr, Comment),
        ?ASSERT__NORAISE(Class, Term, Expr, ?ASSERT__INFO(Comment, Assert__Rest))).

-endif. % NOASSERT

-define(assertError(Term, Expr), ?assertException(error, Term, Expr)).
-define(assertError(Term, Expr, Comment), ?assertException(error, Term, Expr, Comment)).
-define(assertExit(Term, Expr), ?assertException(exit, Term, Expr)).
-define(assertExit(Term, Expr, Comment), ?assertException(exit, Term, Expr, Comment)).
-define(assertThrow(Term, Expr), ?assertException(throw, Term, Expr)).
-define(assertThrow(Term, Expr, Comment), ?assertException(throw, Term, Expr, Comment)).

-endif. % ASSERT_HRL

%% Passing runs: the summary line for 0, 1, 2 and more tests; plain tests,
%% generators and the ?_ macros; eunit:test/1 on a module, a function, a
%% list; autoexported test/0.
-module(eunit_pass).
-export([main/0]).
-include_lib("eunit/include/eunit.hrl").
-include("include/eunit_capture.hrl").

simple_test() -> ok.
assert_test() -> ?assert(1 + 1 =:= 2), ?assertNot(false), ?assertEqual(4, 2 * 2).
match_test() -> ?assertMatch({ok, X} when X > 1, {ok, 2}), ?assertNotMatch([_], [1, 2]).
exceptions_test() ->
    ?assertError(badarith, 1 / zero()),
    ?assertExit(bye, exit(bye)),
    ?assertThrow({x, _}, throw({x, 1})),
    ?assertException(error, {badmatch, _}, begin {a} = id({b}) end),
    ?assertNotException(throw, y, throw(z)),
    ?assertNotException(error, badarg, ok),
    ?assertNotEqual(1, 2).
generator_test_() ->
    [?_test(ok), ?_assert(true), ?_assertNot(false), ?_assertEqual(a, a), ?_assertNotEqual(a, b),
     ?_assertMatch([_ | _], "x"), ?_assertNotMatch({}, {1}), ?_assertError(badarg, list_to_atom(1)),
     ?_assertExit(e, exit(e)), ?_assertThrow(t, throw(t)), ?_assertException(throw, t, throw(t)),
     ?_assertNotException(error, x, ok)].
macros_test() ->
    ?assertEqual(6, ?LET(A, 3, A + A)),
    ?assertEqual(yes, ?IF(1 < 2, yes, no)),
    ?assert(?MATCHES({_, b}, {a, b})),
    ?assertNot(?MATCHES([], [x])).
helper() -> not_a_test.

zero() -> 0.
id(X) -> X.

main() ->
    run([]),
    run({eunit_pass, simple_test}),
    run([{eunit_pass, simple_test}, {test, eunit_pass, match_test}]),
    run(fun simple_test/0),
    run({generator, fun generator_test_/0}),
    run(eunit_pass),
    run([eunit_pass, {module, eunit_pass}]),
    io:format("~p~n", [[F || {F, 0} <- module_info(exports)]]),
    io:format("~p~n", [helper()]).

%% The test module of eunit_pickup (see eunit_pickup.erl).
-module(eunit_pickup_tests).
-export([main/0]).
-include_lib("eunit/include/eunit.hrl").
-include("include/eunit_capture.hrl").

double_test() -> ?assertEqual(6, eunit_pickup:double(3)).
double_gen_test_() -> {"doubling", [?_assertEqual(0, eunit_pickup:double(0)), ?_assertEqual(-2, eunit_pickup:double(-1))]}.
failing_test() -> ?assertEqual(5, eunit_pickup:double(2)).

main() ->
    run(eunit_pickup_tests),
    run({module, eunit_pickup_tests}, [verbose]).

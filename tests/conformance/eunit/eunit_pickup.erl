%% eunit:test(M) also runs the tests of M_tests (eunit_pickup_tests.erl
%% here), after M's own.
-module(eunit_pickup).
-export([main/0, double/1]).
-include_lib("eunit/include/eunit.hrl").
-include("include/eunit_capture.hrl").

double(X) -> 2 * X.

own_test() -> ?assertEqual(4, double(2)).

main() ->
    run(eunit_pickup),
    run(eunit_pickup, [verbose]),
    run(eunit_pickup_tests).

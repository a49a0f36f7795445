%% Timeouts: a test over its {timeout, T, ...} is cancelled and so is the
%% rest of its scope; a group timeout cuts the test that is running; a test
%% that kills its own process; tests inside {spawn, ...} and
%% {inparallel, ...}; a test under its time limit passes.
-module(eunit_timeouts).
-export([main/0]).
-include_lib("eunit/include/eunit.hrl").
-include("include/eunit_capture.hrl").

slow() -> timer:sleep(2000).

main() ->
    run({timeout, 0.2, fun slow/0}),
    run([?_test(ok), {timeout, 0.2, ?_test(slow())}, ?_test(ok)]),
    run({"slow group", {timeout, 0.3, [?_test(ok), ?_test(slow()), ?_test(ok)]}}),
    run({timeout, 2, ?_test(timer:sleep(50))}),
    run({timeout, 1, [?_test(timer:sleep(20)), ?_test(timer:sleep(20))]}),
    run([?_test(ok), ?_test(exit(self(), kill)), ?_test(ok)]),
    run([?_test(ok), {spawn, [?_test(ok), ?_test(ok)]}, ?_test(ok)]),
    run({inparallel, [?_test(timer:sleep(10)), ?_test(ok), ?_assert(false)]}),
    run({inorder, [?_test(ok), ?_test(ok)]}).

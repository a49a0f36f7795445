%% With NOTEST defined before eunit.hrl, tests are stripped and nothing is
%% exported for them; the assert macros still work (not the test ones).
-module(eunit_notest).
-export([main/0]).
-define(NOTEST, true).
-include_lib("eunit/include/eunit.hrl").

one_test() -> ok.

-ifdef(TEST).
mode() -> test.
-else.
mode() -> notest.
-endif.

main() ->
    io:format("~p ~p~n", [module_info(exports), mode()]),
    ?assertEqual(1, 1),
    {'EXIT', {Reason, _Stack}} = (catch ?assertEqual(1, 2)),
    io:format("~p~n", [Reason]).

%% With EUNIT_NOAUTO nothing is exported automatically (test/0 neither);
%% tests must be exported by hand.
-module(eunit_noauto).
-export([main/0, exported_test/0]).
-define(EUNIT_NOAUTO, true).
-include_lib("eunit/include/eunit.hrl").
-include("include/eunit_capture.hrl").

exported_test() -> ok.
hidden_test() -> ok.

main() ->
    io:format("~p~n", [module_info(exports)]),
    io:format("~p~n", [hidden_test()]),
    run(eunit_noauto).

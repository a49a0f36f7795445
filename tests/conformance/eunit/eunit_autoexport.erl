%% What including eunit.hrl does to a module: Name_test/0, Name_test_/0 and
%% Name_exported_/0 are exported, test/0 is added (it runs the module's
%% tests), functions with other names or arities are left alone; TEST and
%% EUNIT are defined.
-module(eunit_autoexport).
-export([main/0]).
-include_lib("eunit/include/eunit.hrl").

one_test() -> ok.
two_test_() -> [?_test(ok)].
three_exported_() -> ok.
not_a_test(_) -> ok.
arity_test(_) -> ok.
testing() -> ok.

-ifdef(TEST).
-define(HAS_TEST, true).
-else.
-define(HAS_TEST, false).
-endif.
-ifdef(EUNIT).
-define(HAS_EUNIT, true).
-else.
-define(HAS_EUNIT, false).
-endif.

defined(test) -> ?HAS_TEST;
defined(eunit) -> ?HAS_EUNIT.

main() ->
    io:format("~p~n", [module_info(exports)]),
    io:format("~p ~p~n", [defined(test), defined(eunit)]),
    io:format("~p~n", [[catch not_a_test(x), catch arity_test(x), testing()]]),
    io:format("~p~n", [test()]).

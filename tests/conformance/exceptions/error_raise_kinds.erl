-module(error_raise_kinds).
-export([main/0]).
-include("../include/err_util.hrl").
main() ->
    show("error/1", ?TRY(error(my_reason))),
    show("error/2", ?TRY(error(my_reason, [arg1, arg2]))),
    show("error tuple", ?TRY(error({my_error, "details", 42}))),
    show("exit/1", ?TRY(exit(my_exit))),
    show("exit normal", ?TRY(exit(normal))),
    show("throw", ?TRY(throw(my_throw))),
    show("erlang:error", ?TRY(erlang:error(via_erlang))),
    show("erlang:throw", ?TRY(erlang:throw(via_erlang))),
    show("raise", ?TRY(erlang:raise(exit, raised, []))),
    show("raise bad class", ?TRY(erlang:raise(bad_class, r, []))),
    show("nested catch", ?TRY(element(1, catch error(inside)))),
    show("ok", ?TRY(fine)),
    ok.

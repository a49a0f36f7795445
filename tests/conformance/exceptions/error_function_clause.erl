-module(error_function_clause).
-export([main/0]).
-include("../include/err_util.hrl").
only_pos(N) when N > 0 -> N.
pair({A, B}) -> A + B.
main() ->
    show("guard", ?TRY(only_pos(id(-1)))),
    show("pattern", ?TRY(pair(id({1, 2, 3})))),
    show("fun", ?TRY((fun(a) -> ok end)(id(b)))),
    show("fun guard", ?TRY((fun(X) when is_atom(X) -> ok end)(id(1)))),
    show("lists:nth", ?TRY(lists:nth(id(0), [a]))),
    show("lists:map", ?TRY(lists:map(id(fun(X) -> X end), id(notalist)))),
    ok.

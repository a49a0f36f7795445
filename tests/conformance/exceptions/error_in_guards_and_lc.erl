-module(error_in_guards_and_lc).
-export([main/0]).
-include("../include/err_util.hrl").
main() ->
    show("lc body", ?TRY([1 / X || X <- id([1, 0])])),
    show("lc gen not list", ?TRY([X || X <- id(notalist)])),
    show("bc gen not binary", ?TRY(<< <<X>> || <<X>> <= id(notabin) >>)),
    show("lc filter non-bool", ?TRY([X || X <- id([1, 2]), X])),
    show("andalso non-bool", ?TRY(id(1) andalso true)),
    show("orelse non-bool", ?TRY(id(false) orelse 3)),
    show("not non-bool", ?TRY(not id(3))),
    show("and non-bool", ?TRY(id(true) and 3)),
    show("++ improper", ?TRY(id(a) ++ [b])),
    show("-- improper", ?TRY([a] -- id(b))),
    ok.

-module(error_badmatch).
-export([main/0]).
-include("../include/err_util.hrl").
main() ->
    show("int", ?TRY(begin 1 = id(2) end)),
    show("tuple", ?TRY(begin {a, _} = id({b, 1}) end)),
    show("list", ?TRY(begin [_] = id([1, 2]) end)),
    show("string", ?TRY(begin "abc" = id("abd") end)),
    show("binary", ?TRY(begin <<1, _/binary>> = id(<<2, 3>>) end)),
    show("map", ?TRY(begin #{k := 1} = id(#{k => 2}) end)),
    show("repeated", ?TRY(begin {X, X} = id({1, 2}) end)),
    show("bound var", ?TRY(begin Y = id(5), Y = id(6) end)),
    show("ok tuple", ?TRY(begin {ok, V} = id({error, enoent}), V end)),
    show("float vs int", ?TRY(begin 1 = id(1.0) end)),
    ok.

-module(error_undef).
-export([main/0, exported/0]).
-include("../include/err_util.hrl").
exported() -> yes.
main() ->
    show("no module", ?TRY((id(no_such_module_xyz)):f())),
    show("no function", ?TRY(lists:(id(no_such_fun))(1))),
    show("wrong arity", ?TRY(lists:reverse(1, 2, 3))),
    show("apply", ?TRY(apply(id(error_undef), nope, []))),
    show("exported ok", ?TRY(apply(id(error_undef), exported, []))),
    show("fun ref", ?TRY((id(fun nomod:nofun/0))())),
    ok.

-module(error_badfun_badarity).
-export([main/0]).
-include("../include/err_util.hrl").
main() ->
    show("badfun atom", ?TRY((id(not_a_fun))())),
    show("badfun int", ?TRY((id(42))(1))),
    show("badfun tuple", ?TRY((id({m, f}))(x))),
    F = fun(X, Y) -> X + Y end,
    case ?TRY((id(F))(1)) of
        {error, {badarity, {Fun, Args}}} ->
            show("badarity", {badarity, is_function(Fun, 2), Args});
        Other -> show("unexpected", Other)
    end,
    case ?TRY((id(fun() -> ok end))(a, b, c)) of
        {error, {badarity, {_, Args2}}} -> show("badarity args", Args2);
        Other2 -> show("unexpected", Other2)
    end,
    show("apply badarity", case ?TRY(apply(id(F), [1, 2, 3])) of
                               {error, {badarity, {_, A}}} -> A;
                               O -> O
                           end),
    ok.

-module(ms_err_reserved_atom2).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(fun({'$-1', B}) -> B end)),
    Res.

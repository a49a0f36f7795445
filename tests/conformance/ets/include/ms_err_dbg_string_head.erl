-module(ms_err_dbg_string_head).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (dbg:fun2ms(fun("ab") -> ok end)),
    Res.

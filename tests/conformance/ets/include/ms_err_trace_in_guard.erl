-module(ms_err_trace_in_guard).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (dbg:fun2ms(fun([A]) when message(A) -> A end)),
    Res.

-module(ms_err_is_record_unknown_guard).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(fun({A}) when is_record(A, nope) -> A end)),
    Res.

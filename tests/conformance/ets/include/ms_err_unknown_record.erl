-module(ms_err_unknown_record).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(fun(#nope{a = A}) -> A end)),
    Res.

-module(ms_err_dup_field).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(fun(#r{a = A, a = B}) -> A end)),
    Res.

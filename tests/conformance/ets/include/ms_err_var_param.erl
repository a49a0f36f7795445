-module(ms_err_var_param).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    F = fun(X) -> X end,
    ets:fun2ms(F).

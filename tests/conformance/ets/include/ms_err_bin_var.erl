-module(ms_err_bin_var).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(fun({<<X:8>>}) -> X end)),
    Res.

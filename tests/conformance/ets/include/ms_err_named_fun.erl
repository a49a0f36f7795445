-module(ms_err_named_fun).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(fun F({A}) -> A end)),
    Res.

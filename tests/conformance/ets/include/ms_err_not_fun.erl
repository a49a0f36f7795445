-module(ms_err_not_fun).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(1)),
    Res.

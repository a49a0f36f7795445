-module(ms_err_lc_body).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(fun({A}) -> [X || X <- A] end)),
    Res.

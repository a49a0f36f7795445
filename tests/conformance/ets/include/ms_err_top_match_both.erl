-module(ms_err_top_match_both).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(fun({A} = {B}) -> A end)),
    Res.

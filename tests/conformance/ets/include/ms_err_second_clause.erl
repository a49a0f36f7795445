-module(ms_err_second_clause).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    Res = (ets:fun2ms(fun({A}) -> A; ([B]) -> B end)),
    Res.

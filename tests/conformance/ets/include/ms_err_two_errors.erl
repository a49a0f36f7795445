-module(ms_err_two_errors).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-record(r, {a, b = 2, c}).
main() ->
    ets:fun2ms(fun({A}) -> foo(A) end),
    ets:fun2ms(fun({B}) -> bar(B) end).

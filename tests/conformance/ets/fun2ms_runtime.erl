-module(fun2ms_runtime).
-export([main/0]).

%% Without ms_transform.hrl, ets:fun2ms/1 is an ordinary call at run time.
main() ->
    io:format("~p~n", [catch ets:fun2ms(fun({A}) -> A end)]),
    {'EXIT', {Reason, _Stack}} = (catch ets:fun2ms(not_a_fun)),
    io:format("~p~n", [Reason]),
    ok.

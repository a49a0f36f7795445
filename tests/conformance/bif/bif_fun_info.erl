-module(bif_fun_info).
-export([main/0, ext/2]).
ext(A, B) -> {A, B}.
local(X) -> X.
main() ->
    F1 = fun ext/2,
    F2 = fun ?MODULE:ext/2,
    F3 = fun lists:map/2,
    F4 = fun local/1,
    F5 = fun(_, _, _) -> anon end,
    [io:format("~p ~p~n", [erlang:fun_info(F, arity), erlang:fun_info(F, type)]) || F <- [F1, F2, F3, F4, F5]],
    [io:format("~p ~p~n", [erlang:fun_info(F, module), erlang:fun_info(F, name)]) || F <- [F1, F2, F3, F4]],
    io:format("~p~n", [erlang:fun_info(F5, module)]),
    io:format("~p~n", [F2]),
    io:format("~p~n", [F3]),
    io:format("~p~n", [F3 == fun lists:map/2]),
    ok.

%% module_info/0,1 called locally inside the module, and the order of
%% module_info(exports): the functions in the order they are defined, then
%% module_info/0,1 (EUnit runs tests in this order).
-module(module_info_local).
-export([zeta/0, main/0, alpha/1, mid/0]).

zeta() -> z.
alpha(X) -> X.
main() ->
    io:format("~p~n", [module_info(exports)]),
    io:format("~p~n", [proplists:get_value(exports, module_info()) =:= module_info(exports)]),
    io:format("~p~n", [?MODULE:module_info(module)]),
    F = fun module_info/1,
    io:format("~p~n", [F(module)]).
mid() -> m.

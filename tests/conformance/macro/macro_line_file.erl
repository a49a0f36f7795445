-module(macro_line_file).
-export([main/0]).
-define(WHERE, {?MODULE, ?LINE}).
helper(_A, _B) -> {?FUNCTION_NAME, ?FUNCTION_ARITY}.
main() ->
    io:format("~p~n", [?LINE]),
    io:format("~p~n", [?WHERE]),
    io:format("~p~n",
              [?LINE]),
    io:format("~p~n", [helper(1, 2)]),
    io:format("~p~n", [filename:basename(?FILE)]),
    F = fun() -> ?FUNCTION_NAME end,
    io:format("~p~n", [F()]),
    ok.

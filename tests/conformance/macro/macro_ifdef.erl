-module(macro_ifdef).
-export([main/0]).
-define(DEBUG, true).
-define(LEVEL, 2).
-ifdef(DEBUG).
debug() -> debug_on.
-else.
debug() -> debug_off.
-endif.
-ifndef(PRODUCTION).
mode() -> development.
-else.
mode() -> production.
-endif.
-undef(LEVEL).
-ifdef(LEVEL).
level() -> defined.
-else.
level() -> undefined_now.
-endif.
-define(LEVEL, 5).
-if(?LEVEL > 3).
high() -> high.
-elif(?LEVEL > 1).
high() -> medium.
-else.
high() -> low.
-endif.
-ifdef(NEVER_DEFINED).
this would not even parse.
-endif.
main() ->
    io:format("~p ~p ~p ~p ~p~n", [debug(), mode(), level(), ?LEVEL, high()]),
    ok.

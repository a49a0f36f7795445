-module(conditional).
-export([main/0]).
-define(FEATURE, 1).
-ifdef(FEATURE).
mode() -> with_feature.
-else.
mode() -> without_feature.
-endif.
main() ->
    io:format("~p~n", [mode()]).

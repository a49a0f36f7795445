-module(proc_receive_after).
-export([main/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

timeout_of(X) -> X.

main() ->
    %% after 0 with empty mailbox
    R1 = receive _ -> got after 0 -> timeout end,
    io:format("after 0 empty: ~p~n", [R1]),
    %% after 0 with a message
    self() ! m,
    R2 = receive m -> got after 0 -> timeout end,
    io:format("after 0 with message: ~p~n", [R2]),
    %% after N with no message
    R3 = receive _ -> got after 20 -> timeout end,
    io:format("after 20 empty: ~p~n", [R3]),
    %% after infinity with a message already there
    self() ! ready,
    R4 = receive ready -> got_ready after infinity -> never end,
    io:format("after infinity: ~p~n", [R4]),
    %% timeout computed from an expression
    T = timeout_of(5),
    R5 = receive _ -> got after T * 2 -> {timeout_expr, T * 2} end,
    io:format("expression timeout: ~p~n", [R5]),
    Tinf = timeout_of(infinity),
    self() ! here,
    R6 = receive here -> here after Tinf -> never end,
    io:format("variable infinity: ~p~n", [R6]),
    %% after body value and side effects
    R7 = receive nothing -> x after 0 -> A = 1, B = 2, A + B end,
    io:format("after body value: ~p~n", [R7]),
    %% receive with only an after clause as a sleep
    R8 = receive after 10 -> slept end,
    io:format("sleep: ~p~n", [R8]),
    R9 = receive after 0 -> zero end,
    io:format("sleep 0: ~p~n", [R9]),
    %% a message that arrives during the wait is received
    Self = self(),
    spawn(fun() -> receive after 10 -> Self ! late end end),
    R10 = receive late -> got_late after 5000 -> timeout end,
    io:format("late message: ~p~n", [R10]),
    %% unmatched messages do not stop the timeout and stay queued
    self() ! unmatched,
    R11 = receive matched -> matched after 10 -> timeout end,
    io:format("unmatched: ~p, still queued: ~p~n", [R11, receive unmatched -> yes after 0 -> no end]),
    %% bad timeouts
    io:format("negative timeout: ~p~n", [err(fun() -> receive x -> x after timeout_of(-1) -> t end end)]),
    io:format("atom timeout: ~p~n", [err(fun() -> receive x -> x after timeout_of(foo) -> t end end)]),
    io:format("float timeout: ~p~n", [err(fun() -> receive x -> x after timeout_of(1.0) -> t end end)]),
    C = case catch receive x -> x after timeout_of(bad) -> t end of
            {'EXIT', {Why, Stack}} when is_list(Stack) -> {'EXIT', Why};
            Other -> Other
        end,
    io:format("catch timeout: ~p~n", [C]),
    %% bad timeout even with a matching message present
    self() ! x,
    io:format("bad timeout with message: ~p~n", [err(fun() -> receive x -> x after timeout_of(bad) -> t end end)]),
    io:format("message left: ~p~n", [receive x -> yes after 0 -> no end]),
    %% large but valid timeout with a message present
    self() ! y,
    io:format("big timeout: ~p~n", [receive y -> y after 4294967295 -> t end]),
    ok.

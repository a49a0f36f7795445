-module(try_stacktrace).
-export([main/0]).
id(X) -> X.
main() ->
    R = try id(foo) + 1
        catch Class:Reason:Stack ->
            {Class, Reason, is_list(Stack), length(Stack) > 0}
        end,
    io:format("~p~n", [R]),
    R2 = try throw(t) catch throw:T:S -> {T, is_list(S)} end,
    io:format("~p~n", [R2]),
    R3 = try erlang:raise(error, custom, []) catch error:C -> C end,
    io:format("~p~n", [R3]),
    R4 = try erlang:raise(throw, thrown_by_raise, []) catch throw:C2 -> C2 end,
    io:format("~p~n", [R4]),
    R5 = try erlang:raise(exit, bye, []) catch exit:C3 -> C3 end,
    io:format("~p~n", [R5]),
    R6 = try
             try error(first) catch error:E:St -> erlang:raise(error, {re, E}, St) end
         catch error:E2 -> E2
         end,
    io:format("~p~n", [R6]),
    ok.

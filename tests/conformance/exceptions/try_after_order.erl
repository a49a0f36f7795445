-module(try_after_order).
-export([main/0]).
log(X) -> io:format("~p~n", [X]).
f(Mode) ->
    try
        log({enter, Mode}),
        case Mode of
            ok -> ok;
            throw -> throw(t);
            error -> error(e);
            exit -> exit(x)
        end
    after
        log({'after', Mode})
    end.
main() ->
    [begin
         R = try f(M) catch C:E -> {C, E} end,
         log({result, R})
     end || M <- [ok, throw, error, exit]],
    R = (catch try
                   try throw(a) after log(after_inner) end
               after
                   log(after_outer)
               end),
    log(R).

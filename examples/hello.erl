-module(hello).
-export([main/1]).

%% girder run examples/hello.erl Name...
main(Args) ->
    Names = case Args of [] -> ["world"]; _ -> Args end,
    [io:format("Hello, ~s!~n", [N]) || N <- Names],
    io:format("fib(25) = ~p~n", [fib(25)]),
    ok.

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

-module(macro_basic).
-export([main/0]).
-define(PI, 3.14159).
-define(GREETING, "hello").
-define(SQUARE(X), ((X) * (X))).
-define(MAX(A, B), (if A > B -> A; true -> B end)).
-define(PAIR(A, B), {A, B}).
-define(EMPTY(), []).
-define(TWICE(E), begin E, E end).
-define(LOG(Fmt, Args), io:format("[~s:~p] " ++ Fmt ++ "~n", [?MODULE, ?LINE | Args])).
-define(NUM, 10).
-define(NUM2, (?NUM * 2)).
main() ->
    io:format("~p ~s~n", [?PI, ?GREETING]),
    io:format("~p ~p~n", [?SQUARE(7), ?SQUARE(1 + 2)]),
    io:format("~p~n", [?MAX(3, 9)]),
    io:format("~p ~p~n", [?PAIR(a, [b]), ?EMPTY()]),
    ?TWICE(io:format("twice~n")),
    ?LOG("value is ~p", [42]),
    io:format("~p~n", [?NUM2]),
    io:format("~p~n", [?MODULE]),
    io:format("~p~n", [?MODULE_STRING]),
    io:format("~p~n", [?FUNCTION_NAME]),
    io:format("~p~n", [?FUNCTION_ARITY]),
    ok.

%% os: getenv/putenv/unsetenv round trips, getenv/2's default, getpid as a
%% string of digits, type, and badarg for names with '='.
-module(os_env).
-export([main/0]).

main() ->
    Name = "GIRDER_OS_ENV_TEST",
    io:format("~p~n", [os:getenv(Name)]),
    io:format("~p~n", [os:getenv(Name, "fallback")]),
    io:format("~p~n", [os:putenv(Name, "some value")]),
    io:format("~p~n", [os:getenv(Name)]),
    io:format("~p~n", [lists:member(Name ++ "=some value", os:getenv())]),
    io:format("~p~n", [os:unsetenv(Name)]),
    io:format("~p~n", [os:getenv(Name)]),
    Pid = os:getpid(),
    io:format("~p~n", [Pid =/= [] andalso lists:all(fun(C) -> C >= $0 andalso C =< $9 end, Pid)]),
    io:format("~p~n", [os:type()]),
    io:format("~p~n", [catch element(1, element(2, catch os:putenv("A=B", "x")))]),
    ok.

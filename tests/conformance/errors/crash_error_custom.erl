-module(crash_error_custom).
-export([main/0]).
main() ->
    lists:foreach(fun(I) -> io:format("step ~p~n", [I]) end, [1, 2, 3]),
    error({custom_failure, "details", [1, 2, 3]}).

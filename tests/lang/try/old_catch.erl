-module(old_catch).
-export([main/0]).
main() ->
    io:format("~p~n", [catch throw(hello)]),
    io:format("~p~n", [catch exit(bye)]),
    {'EXIT', {R, _}} = catch error(oops),
    io:format("~p~n", [R]).

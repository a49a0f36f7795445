-module(pattern_match).
-export([main/0]).
get_name(#{name := N}) -> N;
get_name(#{}) -> anonymous.
main() ->
    io:format("~p ~p~n", [get_name(#{name => "bo", age => 3}), get_name(#{})]).

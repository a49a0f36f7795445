-module(bif_phash2).
-export([main/0]).
main() ->
    Terms = [0, 1, -1, 42, 1 bsl 40, 1 bsl 70, 1.0, 3.14, a, abc, 'hello world', "", "abc", [1, 2, 3],
             {}, {a, b}, <<>>, <<"abc">>, <<1:3>>, #{}, #{a => 1}, [a | b], {x, [y, {z}], <<"w">>}],
    [io:format("~w ~p ~p~n", [T, erlang:phash2(T), erlang:phash2(T, 1000)]) || T <- Terms],
    io:format("~p~n", [erlang:phash2(lists:seq(1, 1000))]),
    io:format("~p~n", [erlang:phash2(1) =:= erlang:phash2(1.0)]),
    ok.

-module(format_p_basic).
-export([main/0]).
main() ->
    Terms = [42, -7, 3.5, atom, 'Quoted atom', "string", [1, 2, 3], {a, b}, {}, [],
             <<"bin">>, <<1, 2>>, #{k => v}, [a | b], {[], {}, <<>>}, "", [[]], $a, [$a, 1000]],
    [io:format("~p~n", [T]) || T <- Terms],
    [io:format("~w~n", [T]) || T <- Terms],
    ok.

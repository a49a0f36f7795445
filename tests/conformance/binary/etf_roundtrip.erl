-module(etf_roundtrip).
-export([main/0]).
main() ->
    Terms = [0, 255, 256, -1, 1 bsl 31, 1 bsl 62, 1 bsl 200, -(1 bsl 200), 1.5, -0.0, atom, '', "string", [],
             [1, 2 | 3], {}, {a, {b, c}}, <<>>, <<"bin">>, <<1:5>>, #{}, #{k => [v], 1 => 2.0},
             lists:seq(1, 300), list_to_tuple(lists:seq(1, 300)), 'atom with spaces', [<<"a">>, {"b"}],
             fun lists:map/2, "\x{3bb}unicode"],
    Results = [binary_to_term(term_to_binary(T)) =:= T || T <- Terms],
    io:format("~p~n", [Results]),
    io:format("~p~n", [lists:all(fun(T) -> binary_to_term(term_to_binary(T, [compressed])) =:= T end, Terms)]),
    io:format("~p~n", [binary_to_term(term_to_binary({nested, #{deep => [1.0, <<"x">>]}}))]),
    {T1, Used} = binary_to_term(<<(term_to_binary(hello))/binary, "trailing">>, [used]),
    io:format("~p ~p~n", [T1, Used]),
    ok.

-module(misc_operators_atoms).
-export([main/0]).
main() ->
    Ops = [{'+', 2}, {'-', 2}, {'*', 2}, {'/', 2}, {'div', 2}, {'rem', 2}, {'band', 2}, {'bor', 2},
           {'bxor', 2}, {'bsl', 2}, {'bsr', 2}, {'==', 2}, {'/=', 2}, {'=<', 2}, {'<', 2}, {'>=', 2},
           {'>', 2}, {'=:=', 2}, {'=/=', 2}, {'++', 2}, {'--', 2}],
    [io:format("~p ~p~n", [Op, catch apply(erlang, Op, args(Op))]) || {Op, _} <- Ops],
    io:format("~p~n", [erlang:'not'(true)]),
    io:format("~p~n", [erlang:'-'(5)]),
    io:format("~p~n", [erlang:'bnot'(5)]),
    io:format("~p~n", [erlang:'and'(true, false)]),
    io:format("~p~n", [erlang:'xor'(true, false)]),
    ok.
args('++') -> [[1], [2]];
args('--') -> [[1, 2], [2]];
args(_) -> [12, 5].

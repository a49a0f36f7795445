-module(etf_phash_mixed).
-export([main/0]).
main() ->
    T = {order, 1234, [{item, "widget", 2, 9.99}, {item, "gadget", 1, 24.5}], #{paid => true}},
    B = term_to_binary(T),
    io:format("~p~n", [byte_size(B)]),
    io:format("~w~n", [B]),
    io:format("~p~n", [binary_to_term(B) =:= T]),
    io:format("~p~n", [erlang:phash2(T)]),
    io:format("~p~n", [erlang:phash2(B)]),
    io:format("~w~n", [term_to_binary(T, [{minor_version, 1}]) =:= B]),
    io:format("~w~n", [term_to_binary(1.5, [{minor_version, 0}])]),
    ok.

-module(record_in_data).
-export([main/0]).
-record(item, {sku, qty = 1, price = 0.0}).
total(Items) -> lists:sum([Q * P || #item{qty = Q, price = P} <- Items]).
main() ->
    Cart = [#item{sku = "A1", qty = 2, price = 1.5}, #item{sku = "B2", price = 10.0}, #item{sku = "C3", qty = 3, price = 0.25}],
    io:format("~p~n", [total(Cart)]),
    Idx = maps:from_list([{I#item.sku, I} || I <- Cart]),
    io:format("~p~n", [maps:get("B2", Idx)]),
    Sorted = lists:keysort(#item.qty, Cart),
    io:format("~p~n", [[I#item.sku || I <- Sorted]]),
    Updated = [I#item{qty = I#item.qty * 10} || I <- Cart],
    io:format("~p~n", [[Q || #item{qty = Q} <- Updated]]),
    io:format("~p~n", [lists:keyfind("C3", #item.sku, Cart)]),
    ok.

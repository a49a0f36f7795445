-module(record_guards_fields).
-export([main/0]).
-record(acct, {id, balance = 0, frozen = false}).
withdraw(#acct{frozen = true} = A, _) -> {error, frozen, A#acct.id};
withdraw(#acct{balance = B} = A, Amt) when Amt =< B -> {ok, A#acct{balance = B - Amt}};
withdraw(#acct{}, _) -> {error, insufficient}.
main() ->
    A = #acct{id = 7, balance = 100},
    io:format("~p~n", [withdraw(A, 30)]),
    io:format("~p~n", [withdraw(A, 300)]),
    io:format("~p~n", [withdraw(A#acct{frozen = true}, 1)]),
    io:format("~p~n", [[F || F <- record_info(fields, acct)]]),
    io:format("~p~n", [lists:zip(record_info(fields, acct), tl(tuple_to_list(A)))]),
    IsRich = fun(X) when X#acct.balance > 50 -> rich; (_) -> poor end,
    io:format("~p ~p~n", [IsRich(A), IsRich(#acct{})]),
    ok.

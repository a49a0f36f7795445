%% The names OTP gives funs follow its core translation order: elements of
%% lists and tuples and the arguments of calls are visited right to left, a
%% fun applied on the spot before its arguments, nested funs before the fun
%% around them; fun f/N takes a number too. EUnit prints these names, so they must match.
-module(fun_names_order).
-export([main/0]).
-record(r, {a, b}).

n(F) -> element(2, erlang:fun_info(F, name)).

in_list() -> [fun () -> 1 end, fun () -> 2 end, fun () -> 3 end].
in_tuple() -> {fun () -> 1 end, fun () -> 2 end, fun () -> 3 end}.
in_args() -> g(fun () -> 1 end, fun () -> 2 end, fun () -> 3 end).
g(A, B, C) -> [A, B, C].
in_sequence() -> A = fun () -> 1 end, B = fun () -> 2 end, [A, B].
in_cons() -> [fun () -> 1 end | [fun () -> 2 end]].
nested() -> {fun () -> 1 end, [fun () -> 2 end, fun () -> 3 end]}.
in_record() -> #r{a = fun () -> 1 end, b = fun () -> 2 end}.
in_send(P) -> P ! {fun () -> 1 end, fun () -> 2 end}.
in_blocks() -> [begin fun () -> 1 end end, case 1 of 1 -> fun () -> 2 end end].
applied() -> (fun (X) -> X end)(fun () -> 2 end).
inner_outer() -> fun () -> fun () -> ok end end.
with_lc(L) -> [fun () -> X end || X <- L].
in_op() -> [fun () -> 1 end] ++ [fun () -> 2 end].
with_refs() -> [fun () -> 1 end, fun in_op/0, fun lists:map/2, fun () -> 2 end].

main() ->
    io:format("~p~n", [[n(F) || F <- in_list()]]),
    io:format("~p~n", [[n(F) || F <- tuple_to_list(in_tuple())]]),
    io:format("~p~n", [[n(F) || F <- in_args()]]),
    io:format("~p~n", [[n(F) || F <- in_sequence()]]),
    io:format("~p~n", [[n(F) || F <- in_cons()]]),
    {A, [B, C]} = nested(),
    io:format("~p~n", [[n(F) || F <- [A, B, C]]]),
    R = in_record(),
    io:format("~p~n", [[n(R#r.a), n(R#r.b)]]),
    in_send(self()),
    receive {P, Q} -> io:format("~p~n", [[n(P), n(Q)]]) end,
    io:format("~p~n", [[n(F) || F <- in_blocks()]]),
    io:format("~p~n", [n(applied())]),
    Outer = inner_outer(),
    io:format("~p ~p~n", [n(Outer), n(Outer())]),
    io:format("~p~n", [[n(F) || F <- with_lc([1, 2])]]),
    io:format("~p~n", [[n(F) || F <- in_op()]]),
    io:format("~p~n", [[n(F) || F <- with_refs()]]).

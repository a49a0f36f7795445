%% Output that depends on how processes interleave: 4 producers each send 50
%% tagged messages to a collector with no synchronisation, doing a different
%% amount of computation between sends. The collector prints the arrival
%% order as a hash and its first 20 tags. Used by replay.sh: under
%% `girder run --seed S` the same S must print the same thing.
%%
%% The collector also checks what Erlang does guarantee: every message
%% arrives exactly once and the messages of one producer arrive in the order
%% they were sent. A violation prints FAIL and halts with status 1.
-module(interleave).
-export([main/0]).

-define(PRODUCERS, 4).
-define(PER_PRODUCER, 50).

main() ->
    Self = self(),
    Collector = spawn(fun() -> collector(Self) end),
    [spawn(fun() -> producer(Collector, P) end) || P <- lists:seq(1, ?PRODUCERS)],
    receive
        {result, Lines, Ok} ->
            [io:format("~s~n", [L]) || L <- Lines],
            case Ok of
                true -> ok;
                false -> erlang:halt(1)
            end
    end.

producer(Collector, P) -> producer(Collector, P, 1).

producer(_Collector, _P, J) when J > ?PER_PRODUCER -> ok;
producer(Collector, P, J) ->
    %% 40..400 iterations, different per producer and per message.
    _ = work(40 + (P * 97 + J * 31 + P * J * 7) rem 361, P),
    Collector ! {tag, P, J},
    producer(Collector, P, J + 1).

work(0, Acc) -> Acc;
work(N, Acc) -> work(N - 1, (Acc * 31 + N) rem 1000003).

collector(Main) -> collector(Main, ?PRODUCERS * ?PER_PRODUCER, []).

collector(Main, 0, Acc) ->
    Order = lists:reverse(Acc),
    Hash = lists:foldl(fun({P, J}, H) -> fnv(fnv(H, P), J) end, 2166136261, Order),
    First = [tag(T) || T <- lists:sublist(Order, 20)],
    Problems = check(Order),
    Lines = [io_lib:format("order ~8.16.0b ~s", [Hash, lists:join(" ", First)]),
             io_lib:format("switches ~b", [switches(Order)])]
        ++ [io_lib:format("FAIL ~p", [Pr]) || Pr <- Problems],
    Main ! {result, Lines, Problems =:= []};
collector(Main, Left, Acc) ->
    receive
        {tag, P, J} -> collector(Main, Left - 1, [{P, J} | Acc])
    end.

fnv(H, X) -> ((H bxor X) * 16777619) band 16#FFFFFFFF.

tag({P, J}) -> [$a + P - 1 | integer_to_list(J)].

%% How often consecutive messages come from different producers.
switches([A, B | T]) ->
    (case element(1, A) =:= element(1, B) of true -> 0; false -> 1 end) + switches([B | T]);
switches(_) -> 0.

check(Order) ->
    [{producer_order, P, Js}
     || P <- lists:seq(1, ?PRODUCERS),
        Js <- [[J || {Q, J} <- Order, Q =:= P]],
        Js =/= lists:seq(1, ?PER_PRODUCER)].

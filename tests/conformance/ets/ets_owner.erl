-module(ets_owner).
-export([main/0]).

%% Ownership: the owner's death deletes its tables, or hands them to the
%% heir; give_away; rename; whereis; all; info.
main() ->
    Self = self(),
    %% owner death deletes
    P1 = spawn(fun() -> ets:new(gone, [named_table]), Self ! made, receive stop -> ok end end),
    receive made -> ok end,
    io:format("alive owner ~p~n", [ets:info(gone, owner) == P1]),
    M1 = monitor(process, P1),
    P1 ! stop,
    receive {'DOWN', M1, _, _, _} -> ok end,
    io:format("after death ~p ~p~n", [ets:info(gone), ets:whereis(gone)]),
    %% heir
    Heir = spawn(fun() -> heir_loop(Self) end),
    P2 = spawn(fun() ->
                   T = ets:new(inherited, [named_table, {heir, Heir, {some, data}}]),
                   ets:insert(T, {k, v}),
                   Self ! made, receive stop -> ok end
               end),
    receive made -> ok end,
    io:format("heir info ~p~n", [ets:info(inherited, heir) == Heir]),
    P2 ! stop,
    receive {heir_got, Tab, From, Data, Owner} ->
        io:format("transfer ~p ~p ~p ~p~n", [Tab, From == P2, Data, Owner == Heir])
    end,
    io:format("kept ~p ~p~n", [ets:lookup(inherited, k), ets:info(inherited, owner) == Heir]),
    %% heir dead: deleted
    DeadHeir = spawn(fun() -> ok end),
    timer:sleep(10),
    P3 = spawn(fun() -> ets:new(orphan, [named_table, {heir, DeadHeir, x}]), Self ! made, receive stop -> ok end end),
    receive made -> ok end,
    M3 = monitor(process, P3),
    P3 ! stop,
    receive {'DOWN', M3, _, _, _} -> ok end,
    io:format("dead heir ~p~n", [ets:info(orphan)]),
    %% give_away
    T4 = ets:new(given, [named_table]),
    ets:insert(T4, {gift, 1}),
    Receiver = spawn(fun() -> receiver(Self) end),
    io:format("give_away ~p~n", [ets:give_away(given, Receiver, gift_data)]),
    receive {received, Tab4, From4, Gift} -> io:format("received ~p ~p ~p~n", [Tab4, From4 == Self, Gift]) end,
    io:format("new owner ~p~n", [ets:info(given, owner) == Receiver]),
    io:format("old owner writes ~p~n", [try ets:insert(given, {x}) catch error:R -> R end]),
    io:format("give back ~p~n", [try ets:give_away(given, Receiver, x) catch error:R2 -> R2 end]),
    Receiver ! {give_back, Self},
    receive {'ETS-TRANSFER', given, Receiver, back} -> io:format("back ~p~n", [ets:info(given, owner) == Self]) end,
    %% heir via setopts, and the table given by an unnamed ref
    T5 = ets:new(unnamed, []),
    Heir2 = spawn(fun() -> heir_loop(Self) end),
    io:format("setopts ~p~n", [ets:setopts(T5, {heir, Heir2, d5})]),
    io:format("setopts none ~p ~p~n", [ets:setopts(T5, [{heir, none}]), ets:info(T5, heir)]),
    ets:setopts(T5, {heir, Heir2, d5}),
    P5 = spawn(fun() -> receive {'ETS-TRANSFER', _, _, _} -> Self ! owned, receive stop -> ok end end end),
    ets:give_away(T5, P5, x),
    receive owned -> ok end,
    P5 ! stop,
    receive {heir_got, Tab5, From5, Data5, _} -> io:format("ref heir ~p ~p ~p~n", [Tab5 == T5, From5 == P5, Data5]) end,
    %% rename, whereis, all
    first_name = ets:new(first_name, [named_table]),
    io:format("rename ~p ~p ~p~n", [ets:rename(first_name, second_name), ets:info(second_name, name), ets:info(first_name)]),
    io:format("whereis ~p ~p~n", [is_reference(ets:whereis(second_name)), ets:whereis(first_name)]),
    Ref6 = ets:whereis(second_name),
    io:format("by ref ~p ~p~n", [ets:insert(Ref6, {r, 1}), ets:lookup(second_name, r)]),
    T7 = ets:new(plain, []),
    io:format("rename unnamed ~p ~p~n", [ets:rename(T7, renamed) == T7, ets:info(T7, name)]),
    io:format("rename taken ~p~n", [try ets:rename(second_name, given) catch error:R3 -> R3 end]),
    All = ets:all(),
    io:format("all ~p ~p ~p~n", [lists:member(second_name, All), lists:member(T7, All), lists:member(first_name, All)]),
    io:format("info ~p~n", [[{K, V} || {K, V} <- ets:info(second_name), K =/= id, K =/= memory, K =/= owner]]),
    io:format("info ordered ~p~n", [[{K, V} || {K, V} <- ets:info(ets:new(x, [ordered_set, public, {keypos, 3}, {write_concurrency, true}, {read_concurrency, true}])), K =/= id, K =/= memory, K =/= owner]]),
    io:format("memory ~p~n", [is_integer(ets:info(T7, memory))]),
    ok.

heir_loop(Parent) ->
    receive
        {'ETS-TRANSFER', Tab, From, Data} ->
            Parent ! {heir_got, Tab, From, Data, ets:info(Tab, owner)},
            heir_loop(Parent)
    end.

receiver(Parent) ->
    receive
        {'ETS-TRANSFER', Tab, From, Data} ->
            Parent ! {received, Tab, From, Data},
            receive {give_back, To} -> ets:give_away(Tab, To, back) end,
            receive never -> ok end
    end.

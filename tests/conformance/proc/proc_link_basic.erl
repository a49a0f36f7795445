-module(proc_link_basic).
-export([main/0]).

err(F) ->
    try F() catch C:R -> {C, R} end.

idle() ->
    receive
        {link, P, From} -> From ! {linked, link(P)}, idle();
        {links, From} -> {links, L} = process_info(self(), links), From ! {links, L}, idle();
        stop -> ok
    end.

links_of(P) ->
    {links, L} = process_info(P, links),
    L.

sync(P) ->
    P ! {links, self()},
    receive {links, L} -> L end.

%% the exit signal from a dying process and our request come from different
%% senders, so poll until the link is gone
poll(_P, _Want, 0) -> false;
poll(P, Want, N) ->
    case sync(P) of
        Want -> true;
        _ -> receive after 5 -> poll(P, Want, N - 1) end
    end.

main() ->
    process_flag(trap_exit, true),
    Self = self(),
    %% spawn_link links both ways
    P1 = spawn_link(fun idle/0),
    io:format("spawn_link pid: ~p~n", [is_pid(P1)]),
    io:format("child links = [self]: ~p~n", [links_of(P1) =:= [Self]]),
    io:format("self links contain child: ~p~n", [lists:member(P1, links_of(Self))]),
    %% unlink removes both directions
    io:format("unlink: ~p~n", [unlink(P1)]),
    io:format("child links after unlink: ~p~n", [links_of(P1)]),
    io:format("self links contain child: ~p~n", [lists:member(P1, links_of(Self))]),
    %% unlink again is fine
    io:format("unlink again: ~p~n", [unlink(P1)]),
    %% link/1
    io:format("link: ~p~n", [link(P1)]),
    io:format("child links = [self]: ~p~n", [links_of(P1) =:= [Self]]),
    %% linking twice gives only one link
    io:format("link again: ~p~n", [link(P1)]),
    io:format("child links count: ~p~n", [length(links_of(P1))]),
    %% link to self is a no-op
    io:format("link self: ~p~n", [link(self())]),
    io:format("self in own links: ~p~n", [lists:member(Self, links_of(Self))]),
    io:format("unlink self: ~p~n", [unlink(self())]),
    %% a child links to another process
    P2 = spawn(fun idle/0),
    P1 ! {link, P2, self()},
    receive {linked, LR} -> io:format("child link result: ~p~n", [LR]) end,
    io:format("P2 links = [P1]: ~p~n", [links_of(P2) =:= [P1]]),
    io:format("P1 links sorted has P2 and self: ~p~n",
              [lists:sort(sync(P1)) =:= lists:sort([Self, P2])]),
    %% stopping a linked process normally while trapping gives a normal EXIT
    P2 ! stop,
    io:format("P1 links after P2 died = [self]: ~p~n", [poll(P1, [Self], 200)]),
    %% unlinked process exit does not send EXIT
    unlink(P1),
    P1 ! stop,
    Mref = monitor(process, P1),
    receive {'DOWN', Mref, process, P1, R1} -> io:format("P1 down: ~p~n", [R1]) end,
    io:format("EXIT after unlink: ~p~n", [receive {'EXIT', P1, _} = E -> E after 20 -> none end]),
    %% bad arguments
    io:format("link(atom): ~p~n", [err(fun() -> link(not_a_pid) end)]),
    io:format("unlink(atom): ~p~n", [err(fun() -> unlink(not_a_pid) end)]),
    io:format("link(ref): ~p~n", [err(fun() -> link(make_ref()) end)]),
    %% many links
    Ps = [spawn_link(fun idle/0) || _ <- lists:seq(1, 10)],
    Mine = [P || P <- links_of(Self), lists:member(P, Ps)],
    io:format("10 children linked: ~p~n", [length(Mine)]),
    [P ! stop || P <- Ps],
    Exits = [receive {'EXIT', P, Why} -> Why end || P <- Ps],
    io:format("child exits: ~p~n", [Exits]),
    io:format("no children left in links: ~p~n", [[P || P <- links_of(Self), lists:member(P, Ps)]]),
    ok.

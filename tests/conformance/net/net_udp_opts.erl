-module(net_udp_opts).
-export([main/0]).

%% gen_udp beyond the round trips of net_udp: the buffer option and how
%% recbuf sets it, options accepted or refused, send errors (emsgsize,
%% einval, eafnosupport), controlling_process with active messages queued,
%% an owner's death closing its socket, and port_info on a socket.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

err(F) ->
    try F() of V -> V
    catch C:R -> {raised, C, R}
    end.

buffer(Opts) ->
    {ok, S} = gen_udp:open(0, Opts),
    {ok, [{buffer, B}]} = inet:getopts(S, [buffer]),
    ok = gen_udp:close(S),
    B.

main() ->
    Lo = {127,0,0,1},
    io:format("-- buffer~n"),
    show("default", buffer([])),
    show("recbuf 2000", buffer([{recbuf, 2000}])),
    show("recbuf 9000", buffer([{recbuf, 9000}])),
    show("recbuf 100000", buffer([{recbuf, 100000}])),
    show("recbuf then buffer", buffer([{recbuf, 9000}, {buffer, 100}])),
    show("buffer then recbuf", buffer([{buffer, 100}, {recbuf, 9000}])),
    show("buffer 0", buffer([{buffer, 0}])),
    {ok, S} = gen_udp:open(0, [{ip, Lo}, {active, false}]),
    ok = inet:setopts(S, [{recbuf, 20000}]),
    show("setopts recbuf raises", inet:getopts(S, [buffer])),
    ok = inet:setopts(S, [{recbuf, 10000}]),
    show("setopts recbuf never lowers", inet:getopts(S, [buffer])),
    ok = inet:setopts(S, [{buffer, 10}]),
    {ok, PS} = inet:port(S),
    {ok, A} = gen_udp:open(0, [{ip, Lo}, {active, false}]),
    ok = gen_udp:send(A, Lo, PS, "0123456789abc"),
    show("cut to 10", gen_udp:recv(S, 0, 2000) =:= {ok, {Lo, element(2, inet:port(A)), "0123456789"}}),

    io:format("-- options~n"),
    show("getopts", inet:getopts(S, [active, mode, buffer, reuseaddr, broadcast, multicast_ttl,
                                     multicast_loop, deliver, header])),
    show("unknown getopt", inet:getopts(S, [active, no_such_option])),
    show("unknown setopt", inet:setopts(S, [{no_such_option, 1}])),
    show("packet accepted", inet:setopts(S, [{packet, 2}])),
    show("set several", inet:setopts(S, [{broadcast, true}, {multicast_ttl, 3}, {multicast_loop, false}, binary])),
    show("read back", inet:getopts(S, [broadcast, multicast_ttl, multicast_loop, mode])),
    show("bad option", err(fun() -> gen_udp:open(0, [{foo, 1}]) end)),
    show("bad atom", err(fun() -> gen_udp:open(0, [bogus]) end)),
    show("bad port", err(fun() -> gen_udp:open(-1, []) end)),
    show("bad active", err(fun() -> gen_udp:open(0, [{active, maybe}]) end)),
    show("bad ip", err(fun() -> gen_udp:open(0, [{ip, {1,2,3}}]) end)),
    show("address not here", gen_udp:open(0, [{ip, {192,0,2,1}}])),
    {ok, M} = gen_udp:open(0, [{reuseaddr, true}, {add_membership, {{239,1,2,3}, {0,0,0,0}}}]),
    show("multicast member", is_port(M)),
    ok = gen_udp:close(M),

    io:format("-- send errors~n"),
    show("too big", gen_udp:send(A, Lo, PS, binary:copy(<<"x">>, 70000))),
    show("port 0", gen_udp:send(A, Lo, 0, "x")),
    %% (Data that is not iodata gives {error, einval} too, but OTP also logs
    %% an error report for it, on standard output.)
    show("unconnected send/2", gen_udp:send(A, "x")),
    show("v6 to v4 socket", gen_udp:send(A, {0,0,0,0,0,0,0,1}, PS, "x")),
    show("no such host", gen_udp:send(A, "no-such-host.invalid", PS, "x")),
    show("send/5 no ancillary data", gen_udp:send(A, Lo, PS, [], "five")),
    show("received", element(3, element(2, gen_udp:recv(S, 0, 2000)))),
    show("send/4 with ancillary list", gen_udp:send(A, {Lo, PS}, [], "four")),
    show("received", element(3, element(2, gen_udp:recv(S, 0, 2000)))),
    show("recv on active", begin ok = inet:setopts(S, [{active, true}]),
                                 R = gen_udp:recv(S, 0, 100),
                                 ok = inet:setopts(S, [{active, false}]), R end),

    io:format("-- controlling_process~n"),
    Self = self(),
    {ok, C} = gen_udp:open(0, [{ip, Lo}, binary, {active, true}]),
    {ok, PC} = inet:port(C),
    ok = gen_udp:send(A, Lo, PC, <<"queued 1">>),
    ok = gen_udp:send(A, Lo, PC, <<"queued 2">>),
    timer:sleep(100),
    New = spawn(fun() -> collect(Self, C, []) end),
    show("hand over", gen_udp:controlling_process(C, New)),
    ok = gen_udp:send(A, Lo, PC, <<"after">>),
    show("new owner got", receive {collected, Got} -> Got after 3000 -> timeout end),
    show("old owner has", receive {udp, C, _, _, _} = Left -> Left after 100 -> nothing end),

    io:format("-- owner death~n"),
    {Owner, Ref} = spawn_monitor(fun() ->
                                         {ok, D} = gen_udp:open(0, [{ip, Lo}]),
                                         Self ! {socket, D},
                                         receive stop -> ok end
                                 end),
    D = receive {socket, D0} -> D0 after 2000 -> none end,
    show("info while owner lives", [K || {K, _} <- erlang:port_info(D)]),
    show("name", erlang:port_info(D, name)),
    show("connected", erlang:port_info(D, connected) =:= {connected, Owner}),
    Owner ! stop,
    receive {'DOWN', Ref, process, Owner, _} -> ok after 2000 -> ok end,
    show("after owner died", wait_closed(D, 100)),
    show("send on it", gen_udp:send(D, Lo, PS, "x")),
    ok = gen_udp:close(S),
    ok = gen_udp:close(A),
    io:format("done~n").

collect(Parent, C, Acc) ->
    receive
        {udp, C, _, _, Data} when length(Acc) =:= 2 -> Parent ! {collected, lists:reverse([Data | Acc])};
        {udp, C, _, _, Data} -> collect(Parent, C, [Data | Acc])
    after 3000 -> Parent ! {collected, lists:reverse(Acc)}
    end.

wait_closed(_, 0) -> still_open;
wait_closed(S, N) ->
    case erlang:port_info(S) of
        undefined -> closed;
        _ -> receive after 10 -> wait_closed(S, N - 1) end
    end.

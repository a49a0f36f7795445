%% Network faults and scale (issue 11): run by tests/stress/net.sh.
%%
%% main([Conns, KillSockets, OfferMB]):
%%   scale     Conns connections held at once (both ends here), each echoes
%%             one message; all must come back.
%%   kill      a process owning KillSockets client sockets is killed: every
%%             peer sees the close and the VM's port count returns.
%%   slow      a fast writer to a peer that never reads: the writer must
%%             end up waiting in send with a bounded amount accepted.
%%   reset     a peer that resets (linger 0) mid-stream: the other side's
%%             recv and send report closed, nothing crashes.
%%   garbage   a {packet, 4} socket fed garbage: emsgsize, and the socket
%%             is closed, not a 2 GB buffer.
%% Prints one line per part and "ok" at the end; any failure exits non-zero.
-module(net_storm).
-export([main/1]).

main(Args) ->
    [Conns, KillSockets, OfferMB] = [list_to_integer(A) || A <- pad(Args)],
    Base = length(erlang:ports()),
    scale(Conns),
    kill(KillSockets),
    slow(OfferMB),
    reset(),
    garbage(),
    wait_ports(Base, 100),
    io:format("ok~n").

pad(Args) -> Args ++ lists:nthtail(length(Args), ["10000", "1000", "64"]).

listen(Opts) ->
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {reuseaddr, true},
                                 {backlog, 4096}, {ip, {127, 0, 0, 1}} | Opts]),
    {ok, P} = inet:port(L),
    {L, P}.

%% --- scale -----------------------------------------------------------------

scale(N) ->
    {L, P} = listen([]),
    Main = self(),
    Acceptor = spawn_link(fun() -> accept_echo(L, N) end),
    Clients = start_clients(N, P, Main, 0, []),
    [C ! go || C <- Clients],
    Echoed = collect(N, 0),
    [C ! stop || C <- Clients],
    unlink(Acceptor),
    exit(Acceptor, kill),
    gen_tcp:close(L),
    check(scale, Echoed =:= N, {echoed, Echoed, of_, N}),
    io:format("scale: ~p connections, ~p echoes~n", [N, Echoed]).

%% At most 500 connects in flight at once, so the accept queue never
%% overflows (a dropped SYN costs a one-second retransmission).
start_clients(0, _P, _Main, 0, Acc) -> Acc;
start_clients(Left, P, Main, InFlight, Acc) when Left > 0, InFlight < 500 ->
    Me = self(),
    C = spawn(fun() -> client(P, Me) end),
    start_clients(Left - 1, P, Main, InFlight + 1, [C | Acc]);
start_clients(Left, P, Main, InFlight, Acc) ->
    receive
        connected -> start_clients(Left, P, Main, InFlight - 1, Acc);
        {connect_failed, R} -> exit({connect_failed, R})
    after 20000 -> exit(connect_stall)
    end.

client(P, Main) ->
    case gen_tcp:connect({127, 0, 0, 1}, P, [binary, {active, false}]) of
        {ok, S} ->
            Main ! connected,
            receive go -> ok end,
            Msg = term_to_binary(self()),
            ok = gen_tcp:send(S, Msg),
            R = gen_tcp:recv(S, byte_size(Msg), 20000),
            Main ! {echoed, R =:= {ok, Msg}},
            receive stop -> gen_tcp:close(S) end;
        {error, R} ->
            Main ! {connect_failed, R}
    end.

accept_echo(_L, 0) -> receive after infinity -> ok end;
accept_echo(L, N) ->
    {ok, S} = gen_tcp:accept(L),
    Pid = spawn(fun() -> receive go -> echo(S) end end),
    ok = gen_tcp:controlling_process(S, Pid),
    Pid ! go,
    accept_echo(L, N - 1).

echo(S) ->
    case gen_tcp:recv(S, 0) of
        {ok, D} -> gen_tcp:send(S, D), echo(S);
        {error, _} -> gen_tcp:close(S)
    end.

collect(0, Ok) -> Ok;
collect(N, Ok) ->
    receive
        connected -> collect(N, Ok);
        {echoed, true} -> collect(N - 1, Ok + 1);
        {echoed, false} -> collect(N - 1, Ok)
    after 30000 -> Ok
    end.

%% --- kill --------------------------------------------------------------------

kill(K) ->
    {L, P} = listen([]),
    Main = self(),
    Owner = spawn(fun() ->
                          Socks = [begin {ok, S} = gen_tcp:connect({127, 0, 0, 1}, P, [binary, {active, false}]), S end
                                   || _ <- lists:seq(1, K)],
                          Main ! {owned, length(Socks)},
                          receive after infinity -> ok end
                  end),
    Servers = [begin {ok, S} = gen_tcp:accept(L, 20000), S end || _ <- lists:seq(1, K)],
    receive {owned, K} -> ok after 20000 -> exit(kill_setup) end,
    exit(Owner, kill),
    Closed = length([ok || S <- Servers, gen_tcp:recv(S, 0, 10000) =:= {error, closed}]),
    [gen_tcp:close(S) || S <- Servers],
    gen_tcp:close(L),
    check(kill, Closed =:= K, {closed, Closed, of_, K}),
    io:format("kill: owner of ~p sockets killed, ~p peers saw the close~n", [K, Closed]).

%% --- slow reader ---------------------------------------------------------------

%% A writer offers OfferMB in 64 KB chunks to a peer that never reads, with
%% send_timeout 0 so that it keeps offering (a send that would wait times
%% out at once and must leave nothing queued). What was accepted stays
%% within kernel buffers plus the socket's high watermark, and the VM's
%% resident memory stays bounded however much is offered.
slow(OfferMB) ->
    {L, P} = listen([]),
    Main = self(),
    Chunk = binary:copy(<<"x">>, 65536),
    Before = rss_kb(),
    Writer = spawn(fun() ->
                           {ok, S} = gen_tcp:connect({127, 0, 0, 1}, P,
                                                     [binary, {active, false}, {send_timeout, 0}]),
                           Main ! {writer_ready, S},
                           Main ! {written, offer(S, Chunk, OfferMB * 16, 0, 0)}
                   end),
    {ok, Server} = gen_tcp:accept(L),
    receive {writer_ready, _} -> ok after 10000 -> exit(slow_setup) end,
    {Accepted, TimedOut} = receive {written, W} -> W after 600000 -> exit(slow_stall) end,
    RSS = rss_kb(),
    exit(Writer, kill),
    gen_tcp:close(Server),
    gen_tcp:close(L),
    check(slow, Accepted < 64 * 1024 * 1024, {accepted, Accepted}),
    check(slow, TimedOut > 0, {timed_out, TimedOut}),
    %% Had the offers been queued, RSS would have grown by what was offered.
    check(slow, RSS - Before < 48 * 1024, {rss_kb, Before, RSS}),
    io:format("slow: ~p MB offered, ~p MB accepted, VM RSS ~p MB (~p MB before)~n",
              [OfferMB, Accepted div (1024 * 1024), RSS div 1024, Before div 1024]).

offer(_S, _Chunk, 0, Accepted, TimedOut) -> {Accepted, TimedOut};
offer(S, Chunk, N, Accepted, TimedOut) ->
    case gen_tcp:send(S, Chunk) of
        ok -> offer(S, Chunk, N - 1, Accepted + byte_size(Chunk), TimedOut);
        {error, timeout} -> offer(S, Chunk, N - 1, Accepted, TimedOut + 1)
    end.

rss_kb() ->
    {ok, B} = file:read_file("/proc/self/status"),
    [Line] = [L || L <- binary:split(B, <<"\n">>, [global]), binary:match(L, <<"VmRSS:">>) =/= nomatch],
    [Kb | _] = string:lexemes(binary_to_list(binary:part(Line, 6, byte_size(Line) - 6)), " \t"),
    list_to_integer(Kb).

%% --- reset ---------------------------------------------------------------------

reset() ->
    {L, P} = listen([]),
    {ok, C} = gen_tcp:connect({127, 0, 0, 1}, P, [binary, {active, false}, {linger, {true, 0}}]),
    {ok, S} = gen_tcp:accept(L),
    ok = gen_tcp:send(C, <<"before reset">>),
    {ok, <<"before reset">>} = gen_tcp:recv(S, 0, 5000),
    ok = gen_tcp:close(C),
    R1 = gen_tcp:recv(S, 0, 5000),
    R2 = gen_tcp:send(S, <<"after">>),
    gen_tcp:close(S),
    gen_tcp:close(L),
    check(reset, R1 =:= {error, closed}, {recv, R1}),
    check(reset, R2 =:= {error, closed}, {send, R2}),
    io:format("reset: recv ~p, send ~p~n", [R1, R2]).

%% --- garbage -------------------------------------------------------------------

garbage() ->
    {L, P} = listen([{packet, 4}]),
    {ok, C} = gen_tcp:connect({127, 0, 0, 1}, P, [binary, {active, false}]),
    {ok, S} = gen_tcp:accept(L),
    ok = gen_tcp:send(C, <<16#7f, 16#ff, 16#ff, 16#ff, "garbage">>),
    R = gen_tcp:recv(S, 0, 5000),
    gen_tcp:close(C),
    gen_tcp:close(S),
    gen_tcp:close(L),
    check(garbage, R =:= {error, emsgsize}, {recv, R}),
    io:format("garbage: ~p~n", [R]).

%% --- helpers -------------------------------------------------------------------

wait_ports(Base, 0) ->
    Left = length(erlang:ports()),
    check(ports, Left =< Base, {ports_left, Left, base, Base});
wait_ports(Base, Tries) ->
    case length(erlang:ports()) =< Base of
        true -> io:format("ports: back to ~p~n", [Base]);
        false -> receive after 50 -> wait_ports(Base, Tries - 1) end
    end.

check(_Part, true, _Detail) -> ok;
check(Part, false, Detail) ->
    io:format("FAILED ~p: ~p~n", [Part, Detail]),
    halt(1).

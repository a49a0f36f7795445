-module(net_tcp_misc).
-export([main/0]).

%% gen_tcp odds and ends: controlling_process, owner death, shutdown/2,
%% econnrefused, eaddrinuse, peername/sockname, getopts/setopts, accept
%% timeouts and a listen socket closed under a pending accept.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

listen(Opts) ->
    {ok, L} = gen_tcp:listen(0, [binary, {ip, {127,0,0,1}}, {active, false} | Opts]),
    {ok, Port} = inet:port(L),
    {L, Port}.

pair(Opts) ->
    {L, Port} = listen(Opts),
    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [binary, {active, false} | Opts], 5000),
    {ok, S} = gen_tcp:accept(L, 5000),
    ok = gen_tcp:close(L),
    {C, S}.

msg(S) ->
    receive
        {tcp, S, Data} -> {tcp, Data};
        {tcp_closed, S} -> tcp_closed;
        {tcp_error, S, R} -> {tcp_error, R}
    after 5000 -> no_message_within_5s
    end.

%% run F; an exception is shown as {raised, Class, Reason} without a stack
t(F) -> try F() catch C:R -> {raised, C, nostack(R)} end.

nostack({R, [{M, F, A, _} | _]}) when is_atom(M), is_atom(F), (is_list(A) orelse is_integer(A)) -> R;
nostack(R) -> R.

addr_shape({ok, {{127,0,0,1}, P}}) when is_integer(P), P > 0 -> {ok, {{127,0,0,1}, port}};
addr_shape(Other) -> {unexpected, Other}.

main() ->
    %% --- controlling_process ---
    io:format("-- controlling_process~n"),
    {C, S} = pair([]),
    Self = self(),
    Other = spawn(fun() ->
                      receive {go, Sock} ->
                          Self ! {other_not_owner, gen_tcp:controlling_process(Sock, self())}
                      end,
                      receive {take, Sock2} ->
                          ok = inet:setopts(Sock2, [{active, once}]),
                          Self ! {other_got, msg(Sock2)},
                          Self ! {other_recv, gen_tcp:recv(Sock2, 0, 1000)}
                      end,
                      receive stop -> ok end
                  end),
    Other ! {go, S},
    receive {other_not_owner, R0} -> show("non-owner controlling_process", R0)
    after 5000 -> show("non-owner controlling_process", no_answer) end,
    show("owner hands over", gen_tcp:controlling_process(S, Other)),
    show("old owner tries again", gen_tcp:controlling_process(S, self())),
    Other ! {take, S},
    ok = gen_tcp:send(C, <<"to new owner">>),
    receive {other_got, M} -> show("new owner got", M)
    after 5000 -> show("new owner got", nothing) end,
    ok = gen_tcp:send(C, <<"passive">>),
    receive {other_recv, M2} -> show("new owner recv", M2)
    after 5000 -> show("new owner recv", nothing) end,
    show("to self when owner is other", gen_tcp:controlling_process(S, self())),
    show("bad pid arg", t(fun() -> gen_tcp:controlling_process(S, not_a_pid) end)),
    Other ! stop,
    ok = gen_tcp:close(C),

    %% hand-over with {active,true}: messages queued at the old owner move along
    {C1, S1} = pair([]),
    ok = inet:setopts(S1, [{active, true}]),
    ok = gen_tcp:send(C1, <<"queued">>),
    timer:sleep(100),
    Taker = spawn(fun() ->
                      receive go -> ok end,
                      Self ! {taker, msg(S1)},
                      Self ! {taker, msg(S1)}
                  end),
    show("active hand-over", gen_tcp:controlling_process(S1, Taker)),
    show("old owner mailbox has no tcp", receive {tcp, S1, _} -> still_here after 0 -> empty end),
    Taker ! go,
    ok = gen_tcp:close(C1),
    receive {taker, T1} -> show("taker 1", T1) after 5000 -> show("taker 1", nothing) end,
    receive {taker, T2} -> show("taker 2", T2) after 5000 -> show("taker 2", nothing) end,

    %% --- owner death closes the socket ---
    io:format("-- owner death~n"),
    {L2, P2} = listen([]),
    Owner = spawn(fun() ->
                      {ok, CS} = gen_tcp:connect({127,0,0,1}, P2, [binary, {active, false}], 5000),
                      ok = gen_tcp:send(CS, <<"from doomed owner">>),
                      Self ! {owner_sock, CS},
                      receive die -> exit(kill_me) end
                  end),
    {ok, S2} = gen_tcp:accept(L2, 5000),
    CS2 = receive {owner_sock, X} -> X after 5000 -> none end,
    show("peer reads", gen_tcp:recv(S2, 0, 5000)),
    MRef = monitor(process, Owner),
    Owner ! die,
    receive {'DOWN', MRef, process, Owner, Why} -> show("owner died", Why) after 5000 -> ok end,
    show("peer sees", gen_tcp:recv(S2, 0, 5000)),
    show("dead owner's socket is closed", gen_tcp:send(CS2, <<"x">>)),
    show("erlang:port_info undefined", erlang:port_info(CS2) =:= undefined),
    ok = gen_tcp:close(S2),
    ok = gen_tcp:close(L2),

    %% --- shutdown (half-close) ---
    %% with the default {exit_on_close,true} the peer's socket is closed as
    %% soon as it reads eof; with {exit_on_close,false} it can still send
    io:format("-- shutdown~n"),
    {C3, S3} = pair([]),
    ok = gen_tcp:send(C3, <<"before shutdown">>),
    show("shutdown write", gen_tcp:shutdown(C3, write)),
    show("peer reads data", gen_tcp:recv(S3, 0, 5000)),
    show("peer reads eof", gen_tcp:recv(S3, 0, 5000)),
    show("exit_on_close peer cannot send", gen_tcp:send(S3, <<"reply after eof">>)),
    show("half-closed side sees close", gen_tcp:recv(C3, 0, 5000)),
    show("half-closed side send", gen_tcp:send(C3, <<"x">>)),
    ok = gen_tcp:close(S3),
    ok = gen_tcp:close(C3),

    {C3b, S3b} = pair([{exit_on_close, false}]),
    ok = gen_tcp:send(C3b, <<"before shutdown">>),
    show("shutdown write", gen_tcp:shutdown(C3b, write)),
    show("peer reads data", gen_tcp:recv(S3b, 0, 5000)),
    show("peer reads eof", gen_tcp:recv(S3b, 0, 5000)),
    show("peer reads eof again", gen_tcp:recv(S3b, 0, 5000)),
    show("peer can still send", gen_tcp:send(S3b, <<"reply after eof">>)),
    show("half-closed side reads", gen_tcp:recv(C3b, 0, 5000)),
    show("half-closed send after shutdown", gen_tcp:send(C3b, <<"x">>)),
    ok = gen_tcp:close(S3b),
    show("then closed", gen_tcp:recv(C3b, 0, 5000)),
    ok = gen_tcp:close(C3b),

    %% shutdown read_write, and shutdown on closed sockets
    {C4, S4} = pair([]),
    show("shutdown read_write", gen_tcp:shutdown(S4, read_write)),
    show("peer sees closed", gen_tcp:recv(C4, 0, 5000)),
    ok = gen_tcp:close(C4),
    ok = gen_tcp:close(S4),
    show("shutdown closed socket", gen_tcp:shutdown(S4, write)),

    %% shutdown write with {active,true} at the peer: tcp_closed arrives, but
    %% the peer may still send (exit_on_close false keeps the socket)
    {C5, S5} = pair([{exit_on_close, false}]),
    ok = inet:setopts(S5, [{active, true}]),
    ok = gen_tcp:send(C5, <<"last">>),
    ok = gen_tcp:shutdown(C5, write),
    show("active peer", msg(S5)),
    show("active peer", msg(S5)),
    show("peer sends after tcp_closed", gen_tcp:send(S5, <<"still">>)),
    show("half-closed reads", gen_tcp:recv(C5, 0, 5000)),
    ok = gen_tcp:close(S5), ok = gen_tcp:close(C5),

    %% --- connect to a port nobody listens on ---
    io:format("-- connect errors~n"),
    {L6, P6} = listen([]),
    ok = gen_tcp:close(L6),
    show("econnrefused", gen_tcp:connect({127,0,0,1}, P6, [], 5000)),
    show("econnrefused no timeout", gen_tcp:connect("127.0.0.1", P6, [])),
    show("bad address", t(fun() -> gen_tcp:connect({127,0,0,1,2}, 80, []) end)),
    show("bad port", t(fun() -> gen_tcp:connect({127,0,0,1}, -1, []) end)),

    %% --- peername / sockname ---
    io:format("-- names~n"),
    {L7, P7} = listen([]),
    show("listen sockname", addr_shape(inet:sockname(L7))),
    show("listen port matches", inet:sockname(L7) =:= {ok, {{127,0,0,1}, P7}}),
    show("listen peername", inet:peername(L7)),
    {ok, C7} = gen_tcp:connect({127,0,0,1}, P7, [binary, {active, false}], 5000),
    {ok, S7} = gen_tcp:accept(L7, 5000),
    show("client peername", addr_shape(inet:peername(C7))),
    show("client peer is listen port", inet:peername(C7) =:= {ok, {{127,0,0,1}, P7}}),
    show("client sockname", addr_shape(inet:sockname(C7))),
    show("server sockname", addr_shape(inet:sockname(S7))),
    show("server sockname port is listen port", inet:sockname(S7) =:= {ok, {{127,0,0,1}, P7}}),
    show("server peername", addr_shape(inet:peername(S7))),
    show("crossed", inet:peername(S7) =:= inet:sockname(C7)),
    {ok, CP} = inet:port(C7),
    show("inet:port client", {ok, {{127,0,0,1}, CP}} =:= inet:sockname(C7)),

    %% --- getopts / setopts ---
    io:format("-- options~n"),
    show("defaults", inet:getopts(C7, [active, packet, mode, header, nodelay, keepalive,
                                       exit_on_close, deliver, reuseaddr, packet_size,
                                       send_timeout, send_timeout_close, delay_send])),
    show("listen reuseaddr", inet:getopts(L7, [reuseaddr])),
    ok = inet:setopts(C7, [{nodelay, true}, {keepalive, true}, {packet, 2}, list,
                           {active, once}, {reuseaddr, true}]),
    show("after setopts", inet:getopts(C7, [nodelay, keepalive, packet, mode, active, reuseaddr])),
    ok = inet:setopts(C7, [{active, false}, {packet, 0}, binary]),
    show("setopts bad value", inet:setopts(C7, [{active, maybe}])),
    show("setopts bad packet", inet:setopts(C7, [{packet, 3}])),
    show("setopts unknown option", inet:setopts(C7, [{no_such_option, 1}])),
    show("getopts unknown option", inet:getopts(C7, [no_such_option])),
    show("getopts empty", inet:getopts(C7, [])),
    show("unchanged after errors", inet:getopts(C7, [active, packet, mode])),
    show("setopts with mode atoms", inet:setopts(C7, [binary, list, binary])),
    show("listen with bad option", t(fun() -> gen_tcp:listen(0, [{active, maybe}]) end)),
    show("listen with unknown option", t(fun() -> gen_tcp:listen(0, [no_such_option]) end)),
    show("connect with bad option", t(fun() -> gen_tcp:connect({127,0,0,1}, P7, [{packet, 7}]) end)),
    ok = gen_tcp:close(C7), ok = gen_tcp:close(S7),
    show("getopts on closed", inet:getopts(C7, [active])),
    show("setopts on closed", inet:setopts(C7, [{active, true}])),
    show("peername on closed", inet:peername(C7)),
    show("sockname on closed", inet:sockname(C7)),
    show("port on closed", inet:port(C7)),

    %% --- eaddrinuse ---
    io:format("-- eaddrinuse~n"),
    show("same port", gen_tcp:listen(P7, [{ip, {127,0,0,1}}])),
    show("same port, reuseaddr", gen_tcp:listen(P7, [{ip, {127,0,0,1}}, {reuseaddr, true}])),
    ok = gen_tcp:close(L7),
    {ok, L7b} = gen_tcp:listen(P7, [{ip, {127,0,0,1}}, {reuseaddr, true}]),
    show("after close, reuseaddr listen ok", is_port(L7b)),
    ok = gen_tcp:close(L7b),

    %% --- accept timeouts and a listen socket closed under accept ---
    io:format("-- accept~n"),
    {L8, P8} = listen([]),
    show("accept 0", gen_tcp:accept(L8, 0)),
    show("accept 100", gen_tcp:accept(L8, 100)),
    show("accept on connected socket", begin
        {ok, Cx} = gen_tcp:connect({127,0,0,1}, P8, [], 5000),
        R = gen_tcp:accept(Cx, 100),
        {ok, Sx} = gen_tcp:accept(L8, 5000),
        gen_tcp:close(Cx), gen_tcp:close(Sx),
        R end),
    Acceptor = spawn(fun() -> Self ! {accept_result, gen_tcp:accept(L8)} end),
    timer:sleep(100),
    show("acceptor alive", is_process_alive(Acceptor)),
    ok = gen_tcp:close(L8),
    receive {accept_result, AR} -> show("pending accept after close", AR)
    after 5000 -> show("pending accept after close", still_waiting) end,
    show("connect to closed listen", gen_tcp:connect({127,0,0,1}, P8, [], 5000)),

    %% two processes accepting on one listen socket
    {L9, P9} = listen([]),
    Acc = fun(Tag) -> spawn(fun() ->
              case gen_tcp:accept(L9, 5000) of
                  {ok, A} -> {ok, D} = gen_tcp:recv(A, 0, 5000), Self ! {Tag, D}, gen_tcp:close(A);
                  E -> Self ! {Tag, E}
              end end) end,
    Acc(a1), Acc(a2),
    timer:sleep(50),
    {ok, K1} = gen_tcp:connect({127,0,0,1}, P9, [], 5000),
    {ok, K2} = gen_tcp:connect({127,0,0,1}, P9, [], 5000),
    ok = gen_tcp:send(K1, "x"), ok = gen_tcp:send(K2, "x"),
    Got = lists:sort([receive {Tag, D} -> {Tag, D} after 5000 -> timeout end || Tag <- [a1, a2]]),
    show("two acceptors", Got),
    gen_tcp:close(K1), gen_tcp:close(K2), gen_tcp:close(L9),
    io:format("done~n").

-module(net_udp).
-export([main/0]).

%% gen_udp on loopback: open/2, send/4 (and send/3 with {Addr,Port}),
%% recv/2,3 round trips, recv timeouts, {active,true|once|N} messages
%% {udp,S,IP,Port,Data} and {udp_passive,S}, list mode, datagram boundaries,
%% connect/3 + send/2, errors after close.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

%% {ok,{Addr,Port,Data}} -> {ok,{Addr,from(Port),Data}}, naming the port
%% instead of printing its number
named(Ports, {ok, {Addr, Port, Data}}) -> {ok, {Addr, name(Ports, Port), Data}};
named(_, Other) -> Other.

name(Ports, P) ->
    case lists:keyfind(P, 2, Ports) of {Name, P} -> Name; false -> unknown_port end.

msg(Ports, S) ->
    receive
        {udp, S, IP, P, Data} -> {udp, sock, IP, name(Ports, P), Data};
        {udp_passive, S} -> {udp_passive, sock}
    after 5000 -> no_message_within_5s
    end.

size_of({ok, {_, _, D}}) -> {ok, byte_size(D)};
size_of(Other) -> Other.

quiet(S, T) ->
    receive {udp, S, _, _, D} -> {unexpected, D}; {udp_passive, S} -> {unexpected, udp_passive}
    after T -> quiet
    end.

main() ->
    {ok, A} = gen_udp:open(0, [binary, {ip, {127,0,0,1}}, {active, false}]),
    {ok, B} = gen_udp:open(0, [binary, {ip, {127,0,0,1}}, {active, false}]),
    show("is_port", {is_port(A), is_port(B)}),
    {ok, PA} = inet:port(A),
    {ok, PB} = inet:port(B),
    show("ports are integers", is_integer(PA) andalso is_integer(PB) andalso PA =/= PB),
    Ports = [{port_a, PA}, {port_b, PB}],
    show("sockname", case inet:sockname(A) of {ok, {{127,0,0,1}, PA}} -> ok; X -> X end),
    {ok, Def} = gen_udp:open(0, [{ip, {127,0,0,1}}]),
    show("default opts", inet:getopts(Def, [active, mode])),
    ok = gen_udp:close(Def),

    %% --- passive round trips ---
    io:format("-- passive~n"),
    show("send a->b", gen_udp:send(A, {127,0,0,1}, PB, <<"hello b">>)),
    show("b recv", named(Ports, gen_udp:recv(B, 0, 5000))),
    show("send b->a", gen_udp:send(B, "127.0.0.1", PA, ["iolist ", <<"reply">>])),
    show("a recv", named(Ports, gen_udp:recv(A, 0, 5000))),
    show("send/3 with {Addr,Port}", gen_udp:send(A, {{127,0,0,1}, PB}, <<"tuple dest">>)),
    show("b recv/3", named(Ports, gen_udp:recv(B, 100, 5000))),
    show("send hostname", gen_udp:send(A, localhost, PB, <<"via localhost">>)),
    show("b recv", named(Ports, gen_udp:recv(B, 0, 5000))),

    %% datagram boundaries are kept
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"one">>),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"two">>),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<>>),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"three">>),
    timer:sleep(50),
    show("d1", named(Ports, gen_udp:recv(B, 0, 5000))),
    show("d2", named(Ports, gen_udp:recv(B, 0, 5000))),
    show("d3 empty", named(Ports, gen_udp:recv(B, 0, 5000))),
    show("d4", named(Ports, gen_udp:recv(B, 0, 5000))),

    %% recv timeout
    show("recv timeout", gen_udp:recv(B, 0, 100)),
    show("recv 0 timeout", gen_udp:recv(B, 0, 0)),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"after timeout">>),
    show("recv/2", named(Ports, gen_udp:recv(B, 0))),

    %% datagram size vs the {buffer,N} option: OTP 25's default UDP buffer is
    %% 8192 bytes and a longer datagram is silently truncated to it
    show("default buffer", inet:getopts(B, [buffer])),
    ok = gen_udp:send(A, {127,0,0,1}, PB, binary:copy(<<"x">>, 10000)),
    show("10000 with default buffer", size_of(gen_udp:recv(B, 0, 5000))),
    ok = inet:setopts(B, [{buffer, 65536}]),
    Big = binary:copy(<<"0123456789abcdef">>, 4000),
    show("send 64000", gen_udp:send(A, {127,0,0,1}, PB, Big)),
    case gen_udp:recv(B, 0, 5000) of
        {ok, {_, _, Got}} -> show("64000 intact", Got =:= Big);
        Other -> show("64000", Other)
    end,

    %% --- list mode ---
    io:format("-- list mode~n"),
    ok = inet:setopts(B, [list]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"as list", 0, 255>>),
    show("list recv", named(Ports, gen_udp:recv(B, 0, 5000))),
    ok = inet:setopts(B, [binary]),

    %% --- active modes ---
    io:format("-- active~n"),
    ok = inet:setopts(B, [{active, true}]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"act1">>),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"act2">>),
    show("msg", msg(Ports, B)),
    show("msg", msg(Ports, B)),
    show("recv while active", gen_udp:recv(B, 0, 100)),
    ok = inet:setopts(B, [{active, once}]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"once1">>),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"once2">>),
    show("once msg", msg(Ports, B)),
    show("second held", quiet(B, 100)),
    show("after once", inet:getopts(B, [active])),
    ok = inet:setopts(B, [{active, once}]),
    show("re-armed", msg(Ports, B)),
    ok = inet:setopts(B, [{active, 2}]),
    [ok = gen_udp:send(A, {127,0,0,1}, PB, D) || D <- [<<"n1">>, <<"n2">>, <<"n3">>]],
    show("n msg", msg(Ports, B)),
    show("n msg", msg(Ports, B)),
    show("passive msg", msg(Ports, B)),
    show("third held", quiet(B, 100)),
    show("third via recv", named(Ports, gen_udp:recv(B, 0, 5000))),
    ok = inet:setopts(B, [list, {active, true}]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"active list">>),
    show("list msg", msg(Ports, B)),
    ok = inet:setopts(B, [binary, {active, false}]),

    %% --- connect/3 and send/2 ---
    io:format("-- connect~n"),
    {ok, C} = gen_udp:open(0, [binary, {active, false}, {ip, {127,0,0,1}}]),
    {ok, PC} = inet:port(C),
    Ports2 = [{port_c, PC} | Ports],
    show("connect", gen_udp:connect(C, {127,0,0,1}, PB)),
    show("peername", case inet:peername(C) of {ok, {{127,0,0,1}, PB}} -> connected_to_b; X2 -> X2 end),
    show("send/2", gen_udp:send(C, <<"connected send">>)),
    show("b got", named(Ports2, gen_udp:recv(B, 0, 5000))),
    ok = gen_udp:close(C),
    show("unconnected peername", inet:peername(A)),

    %% --- close ---
    io:format("-- close~n"),
    show("close a", gen_udp:close(A)),
    show("close a again", gen_udp:close(A)),
    show("send on closed", gen_udp:send(A, {127,0,0,1}, PB, <<"x">>)),
    show("recv on closed", gen_udp:recv(A, 0, 100)),
    show("port on closed", inet:port(A)),
    %% a pending recv is ended by close from another process
    Self = self(),
    spawn(fun() -> Self ! {recv_result, gen_udp:recv(B, 0, 5000)} end),
    timer:sleep(100),
    ok = gen_udp:close(B),
    receive {recv_result, R} -> show("pending recv after close", R)
    after 5000 -> show("pending recv after close", still_waiting) end,

    %% --- eaddrinuse and reuse ---
    {ok, D1} = gen_udp:open(0, [{ip, {127,0,0,1}}]),
    {ok, PD} = inet:port(D1),
    show("same port", gen_udp:open(PD, [{ip, {127,0,0,1}}])),
    ok = gen_udp:close(D1),
    {ok, D2} = gen_udp:open(PD, [{ip, {127,0,0,1}}]),
    show("reopen after close", is_port(D2)),
    ok = gen_udp:close(D2),
    io:format("done~n").

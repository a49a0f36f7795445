-module(net_tcp_ipv6).
-export([main/0]).

%% gen_tcp and gen_udp over IPv6 loopback (::1) with the inet6 option.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

shape({ok, {Addr, P}}) when is_integer(P), P > 0 -> {ok, {Addr, port}};
shape(Other) -> {unexpected, Other}.

main() ->
    Lo = {0,0,0,0,0,0,0,1},
    {ok, L} = gen_tcp:listen(0, [inet6, binary, {ip, Lo}, {active, false}]),
    {ok, Port} = inet:port(L),
    show("listen sockname", shape(inet:sockname(L))),
    {ok, C} = gen_tcp:connect(Lo, Port, [inet6, binary, {active, false}], 5000),
    {ok, S} = gen_tcp:accept(L, 5000),
    show("client peername", shape(inet:peername(C))),
    show("client peer port is listen port", inet:peername(C) =:= {ok, {Lo, Port}}),
    show("server peername", shape(inet:peername(S))),
    show("crossed", inet:peername(S) =:= inet:sockname(C)),
    ok = gen_tcp:send(C, <<"over ipv6">>),
    show("server recv", gen_tcp:recv(S, 0, 5000)),
    ok = gen_tcp:send(S, "reply"),
    show("client recv", gen_tcp:recv(C, 5, 5000)),
    ok = gen_tcp:close(C),
    show("closed", gen_tcp:recv(S, 0, 5000)),
    ok = gen_tcp:close(S),

    %% connect with a string address and the inet6 option
    {ok, C2} = gen_tcp:connect("::1", Port, [inet6, binary, {active, true}], 5000),
    {ok, S2} = gen_tcp:accept(L, 5000),
    ok = gen_tcp:send(S2, <<"active v6">>),
    receive {tcp, C2, D} -> show("active msg", D) after 5000 -> show("active msg", none) end,
    ok = gen_tcp:close(S2),
    receive {tcp_closed, C2} -> show("tcp_closed", true) after 5000 -> show("tcp_closed", none) end,
    ok = gen_tcp:close(C2),

    %% an 8-tuple address selects IPv6 even without the inet6 option
    case gen_tcp:connect(Lo, Port, [binary, {active, false}], 5000) of
        {ok, C3} ->
            {ok, S3} = gen_tcp:accept(L, 5000),
            show("8-tuple without inet6", {connected, shape(inet:sockname(C3))}),
            ok = gen_tcp:close(C3), ok = gen_tcp:close(S3);
        Other3 -> show("8-tuple without inet6", Other3)
    end,
    ok = gen_tcp:close(L),
    show("econnrefused v6", gen_tcp:connect(Lo, Port, [inet6], 1000)),

    %% UDP over ::1
    {ok, U1} = gen_udp:open(0, [inet6, binary, {ip, Lo}, {active, false}]),
    {ok, U2} = gen_udp:open(0, [inet6, binary, {ip, Lo}, {active, false}]),
    {ok, P1} = inet:port(U1),
    {ok, P2} = inet:port(U2),
    ok = gen_udp:send(U1, Lo, P2, <<"udp6">>),
    case gen_udp:recv(U2, 0, 5000) of
        {ok, {Addr, From, Data}} -> show("udp6 recv", {Addr, From =:= P1, Data});
        Other -> show("udp6 recv", Other)
    end,
    ok = gen_udp:close(U1), ok = gen_udp:close(U2),
    io:format("done~n").

-module(net_tcp_active).
-export([main/0]).

%% gen_tcp active modes: {active,true}, {active,once} re-armed with
%% inet:setopts, {active,N} with the {tcp_passive,S} message, switching back
%% to {active,false}, and the {tcp_closed,S} message when the peer closes.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

pair(Opts) ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, {active, false} | Opts]),
    {ok, Port} = inet:port(L),
    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [{active, false} | Opts], 5000),
    {ok, S} = gen_tcp:accept(L, 5000),
    ok = gen_tcp:close(L),
    {C, S}.

%% Next socket message for S, with the socket replaced by the atom sock so
%% the output never contains a #Port<...>.
msg(S) ->
    receive
        {tcp, S, Data} -> {tcp, sock, Data};
        {tcp_closed, S} -> {tcp_closed, sock};
        {tcp_error, S, R} -> {tcp_error, sock, R};
        {tcp_passive, S} -> {tcp_passive, sock}
    after 5000 -> no_message_within_5s
    end.

%% Nothing arrives within T ms?
quiet(S, T) ->
    receive
        {tcp, S, D} -> {unexpected, tcp, D};
        {tcp_closed, S} -> {unexpected, tcp_closed};
        {tcp_passive, S} -> {unexpected, tcp_passive}
    after T -> quiet
    end.

%% Collect {tcp,S,_} data until Len bytes arrived (they may come in pieces).
collect(_S, 0, Acc) -> iolist_to_binary(lists:reverse(Acc));
collect(S, Len, Acc) when Len > 0 ->
    receive
        {tcp, S, D} -> collect(S, Len - iolist_size(D), [D | Acc])
    after 5000 -> {timeout, iolist_to_binary(lists:reverse(Acc))}
    end.

main() ->
    %% --- {active,true} ---
    {C, S} = pair([binary]),
    ok = inet:setopts(S, [{active, true}]),
    show("active now", inet:getopts(S, [active])),
    ok = gen_tcp:send(C, <<"first">>),
    show("msg", msg(S)),
    ok = gen_tcp:send(C, <<"second">>),
    show("msg", msg(S)),
    show("recv in active mode", gen_tcp:recv(S, 0, 100)),
    ok = gen_tcp:send(C, <<"third">>),
    show("msg", msg(S)),
    show("nothing more", quiet(S, 50)),

    %% --- {active,once} ---
    ok = inet:setopts(S, [{active, once}]),
    show("active once", inet:getopts(S, [active])),
    ok = gen_tcp:send(C, <<"o1">>),
    show("once msg", msg(S)),
    show("after once", inet:getopts(S, [active])),
    ok = gen_tcp:send(C, <<"o2">>),
    show("not delivered while passive", quiet(S, 100)),
    ok = inet:setopts(S, [{active, once}]),
    show("re-armed msg", msg(S)),
    show("nothing more", quiet(S, 50)),
    ok = gen_tcp:send(C, <<"o3">>),
    timer:sleep(50),
    show("o3 via recv while passive", gen_tcp:recv(S, 0, 1000)),

    %% --- {active,N} ---
    ok = inet:setopts(S, [{active, 3}]),
    show("active 3", inet:getopts(S, [active])),
    ok = gen_tcp:send(C, <<"n1">>),
    show("n msg", msg(S)),
    show("count after one", inet:getopts(S, [active])),
    ok = gen_tcp:send(C, <<"n2">>),
    show("n msg", msg(S)),
    ok = gen_tcp:send(C, <<"n3">>),
    show("n msg", msg(S)),
    show("passive msg", msg(S)),
    show("after passive", inet:getopts(S, [active])),
    ok = gen_tcp:send(C, <<"n4">>),
    show("n4 held", quiet(S, 100)),
    %% {active,N} adds to the counter
    ok = inet:setopts(S, [{active, 1}]),
    show("n4 delivered", msg(S)),
    show("passive again", msg(S)),
    ok = inet:setopts(S, [{active, 5}]),
    ok = inet:setopts(S, [{active, 2}]),
    show("5 + 2", inet:getopts(S, [active])),
    ok = inet:setopts(S, [{active, -6}]),
    show("7 - 6", inet:getopts(S, [active])),
    %% reaching 0 through setopts also sends tcp_passive
    ok = inet:setopts(S, [{active, -1}]),
    show("1 - 1", inet:getopts(S, [active])),
    show("passive via setopts", msg(S)),
    show("active 0 error?", inet:setopts(S, [{active, 0}])),
    show("after active 0", inet:getopts(S, [active])),
    show("passive via active 0", msg(S)),
    show("nothing more", quiet(S, 50)),
    show("active -1 when passive", inet:setopts(S, [{active, -1}])),
    show("still false", inet:getopts(S, [active])),
    show("passive via active -1 when passive", msg(S)),
    show("nothing more", quiet(S, 50)),

    %% --- switching back to {active,false} ---
    ok = inet:setopts(S, [{active, true}]),
    ok = gen_tcp:send(C, <<"t1">>),
    show("t1", msg(S)),
    ok = inet:setopts(S, [{active, false}]),
    ok = gen_tcp:send(C, <<"p1">>),
    show("p1 not a message", quiet(S, 100)),
    show("p1 via recv", gen_tcp:recv(S, 2, 1000)),

    %% data already buffered is delivered as a message when going active
    ok = gen_tcp:send(C, <<"buffered">>),
    timer:sleep(50),
    ok = inet:setopts(S, [{active, once}]),
    show("buffered", msg(S)),

    %% --- list mode active ---
    ok = inet:setopts(S, [list, {active, true}]),
    ok = gen_tcp:send(C, <<"as list">>),
    show("list msg", msg(S)),

    %% --- tcp_closed ---
    ok = gen_tcp:send(C, <<"bye">>),
    ok = gen_tcp:close(C),
    show("data before close", msg(S)),
    show("closed msg", msg(S)),
    show("nothing more", quiet(S, 50)),
    show("send to closed", gen_tcp:send(S, <<"x">>)),
    show("recv on closed", gen_tcp:recv(S, 0, 100)),
    show("close", gen_tcp:close(S)),

    %% tcp_closed with {active,once}: delivered only when armed
    {C2, S2} = pair([binary]),
    ok = gen_tcp:close(C2),
    show("closed while passive: no msg", quiet(S2, 100)),
    ok = inet:setopts(S2, [{active, once}]),
    show("closed once", msg(S2)),
    ok = gen_tcp:close(S2),

    %% {active,N} and a close: tcp_closed, no tcp_passive
    {C3, S3} = pair([binary]),
    ok = inet:setopts(S3, [{active, 2}]),
    ok = gen_tcp:send(C3, <<"z">>),
    show("z", msg(S3)),
    ok = gen_tcp:close(C3),
    show("closed n", msg(S3)),
    show("nothing more", quiet(S3, 50)),
    ok = gen_tcp:close(S3),

    %% the client side active from connect, the server from listen options
    {ok, L4} = gen_tcp:listen(0, [binary, {ip, {127,0,0,1}}, {active, true}]),
    {ok, P4} = inet:port(L4),
    {ok, C4} = gen_tcp:connect({127,0,0,1}, P4, [binary, {active, true}], 5000),
    {ok, S4} = gen_tcp:accept(L4, 5000),
    show("accepted active", inet:getopts(S4, [active])),
    ok = gen_tcp:send(C4, <<"ping">>),
    show("server got", msg(S4)),
    ok = gen_tcp:send(S4, <<"pong">>),
    show("client got", msg(C4)),
    ok = gen_tcp:close(S4),
    show("client sees close", msg(C4)),
    ok = gen_tcp:close(C4),
    ok = gen_tcp:close(L4),

    %% a larger payload in active mode arrives complete (in one or more messages)
    {C5, S5} = pair([binary]),
    ok = inet:setopts(S5, [{active, true}]),
    Big = binary:copy(<<"0123456789">>, 20000),
    ok = gen_tcp:send(C5, Big),
    show("200000 bytes via messages", collect(S5, byte_size(Big), []) =:= Big),
    ok = gen_tcp:close(C5),
    show("then closed", msg(S5)),
    ok = gen_tcp:close(S5),
    io:format("done~n").

-module(net_tcp_passive).
-export([main/0]).

%% gen_tcp in passive mode: listen/accept/connect, send/recv in binary and
%% list modes, exact-length recv across several sends, recv timeouts, and
%% the {error,closed} results after the peer (or we) closed the socket.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

%% A connected pair {Client, Server} on loopback; the listen socket is closed.
pair(Opts) ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, {active, false}, {reuseaddr, true} | Opts]),
    {ok, Port} = inet:port(L),
    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [{active, false} | Opts], 5000),
    {ok, S} = gen_tcp:accept(L, 5000),
    ok = gen_tcp:close(L),
    {C, S}.

%% receive exactly N bytes, however they arrive
recv_all(_S, 0, Acc) -> iolist_to_binary(lists:reverse(Acc));
recv_all(S, N, Acc) ->
    case gen_tcp:recv(S, 0, 5000) of
        {ok, D} -> recv_all(S, N - iolist_size(D), [D | Acc]);
        Other -> {error_after, iolist_to_binary(lists:reverse(Acc)), Other}
    end.

main() ->
    %% --- listen / accept / connect shapes ---
    {ok, L} = gen_tcp:listen(0, [binary, {ip, {127,0,0,1}}, {active, false}]),
    show("listen socket is_port", is_port(L)),
    {ok, Port} = inet:port(L),
    show("port is_integer", is_integer(Port) andalso Port > 0),
    {ok, C} = gen_tcp:connect("127.0.0.1", Port, [binary, {active, false}], 5000),
    show("client is_port", is_port(C)),
    {ok, S} = gen_tcp:accept(L, 5000),
    show("accepted is_port", is_port(S)),
    show("accepted inherits binary", inet:getopts(S, [mode, active])),

    %% --- binary mode send / recv ---
    show("send", gen_tcp:send(C, <<"hello">>)),
    show("recv 5", gen_tcp:recv(S, 5, 5000)),
    show("send iolist", gen_tcp:send(C, ["ab", $c, <<"de">>, [[<<"f">>]]])),
    show("recv 6", gen_tcp:recv(S, 6, 5000)),
    show("send back", gen_tcp:send(S, "reply")),
    show("recv back", gen_tcp:recv(C, 5, 5000)),

    %% recv(S, N) with exact lengths across several sends
    ok = gen_tcp:send(C, <<"abc">>),
    ok = gen_tcp:send(C, <<"defgh">>),
    ok = gen_tcp:send(C, <<"ijklmnop">>),
    show("recv 2", gen_tcp:recv(S, 2, 5000)),
    show("recv 4", gen_tcp:recv(S, 4, 5000)),
    show("recv 7", gen_tcp:recv(S, 7, 5000)),
    show("recv 3", gen_tcp:recv(S, 3, 5000)),
    show("recv 0 nothing left -> timeout", gen_tcp:recv(S, 0, 100)),

    %% recv(S, 0) returns whatever is available (all of it on loopback after a pause)
    ok = gen_tcp:send(C, <<"one">>),
    ok = gen_tcp:send(C, <<"two">>),
    timer:sleep(100),
    show("recv 0 after pause", gen_tcp:recv(S, 0, 5000)),

    %% recv/3 timeout with nothing pending, and the socket still works afterwards
    %% (NB: OTP's inet_drv remembers N after a timed-out recv(S, N>0) and a
    %% following recv(S, 0) then returns N bytes; this program never relies on it)
    show("recv 0 timeout", gen_tcp:recv(S, 0, 50)),
    show("recv 10 timeout", gen_tcp:recv(S, 10, 50)),
    ok = gen_tcp:send(C, <<"still alive">>),
    show("after timeout", gen_tcp:recv(S, 11, 5000)),

    %% a partial recv(S, N) timeout does not lose the bytes already received
    ok = gen_tcp:send(C, <<"par">>),
    show("recv 6 of 3 -> timeout", gen_tcp:recv(S, 6, 100)),
    ok = gen_tcp:send(C, <<"tial">>),
    show("then recv 7", gen_tcp:recv(S, 7, 5000)),

    %% recv/2 (infinite timeout) on available data
    ok = gen_tcp:send(C, <<"xyz">>),
    show("recv/2", gen_tcp:recv(S, 3)),

    %% --- list mode ---
    ok = inet:setopts(S, [list]),
    show("mode now", inet:getopts(S, [mode])),
    ok = gen_tcp:send(C, <<"in list mode">>),
    show("list recv 7", gen_tcp:recv(S, 7, 5000)),
    show("list recv 5", gen_tcp:recv(S, 5, 5000)),
    ok = inet:setopts(S, [binary]),
    ok = gen_tcp:send(C, "back to binary"),
    show("binary again", gen_tcp:recv(S, 14, 5000)),

    %% --- the peer closes ---
    ok = gen_tcp:send(C, <<"last words">>),
    show("close client", gen_tcp:close(C)),
    show("pending data first", gen_tcp:recv(S, 0, 5000)),
    show("then closed", gen_tcp:recv(S, 0, 5000)),
    show("closed again", gen_tcp:recv(S, 5, 5000)),
    show("close server", gen_tcp:close(S)),
    show("close server twice", gen_tcp:close(S)),
    show("close client twice", gen_tcp:close(C)),
    show("send after close", gen_tcp:send(S, <<"x">>)),
    show("recv after close", gen_tcp:recv(S, 0, 100)),
    show("close listen", gen_tcp:close(L)),
    show("accept on closed listen", gen_tcp:accept(L, 100)),

    %% recv(S, N) when the peer closes before N bytes arrived
    {C2, S2} = pair([binary]),
    ok = gen_tcp:send(C2, <<"short">>),
    ok = gen_tcp:close(C2),
    timer:sleep(50),
    show("recv 10 of short then closed", gen_tcp:recv(S2, 10, 5000)),
    show("recv 0 after that", gen_tcp:recv(S2, 0, 5000)),
    ok = gen_tcp:close(S2),

    %% list-mode pair from the start
    {C3, S3} = pair([list]),
    show("list pair mode", inet:getopts(S3, [mode])),
    ok = gen_tcp:send(S3, <<1,2,3,255>>),
    show("list bytes", gen_tcp:recv(C3, 4, 5000)),
    ok = gen_tcp:send(C3, "hi"),
    show("list hi", gen_tcp:recv(S3, 2, 5000)),
    ok = gen_tcp:close(S3),
    show("peer closed while waiting", gen_tcp:recv(C3, 0, 5000)),
    ok = gen_tcp:close(C3),

    %% a big-ish message received in exact pieces
    {C4, S4} = pair([binary]),
    Data = list_to_binary([I rem 256 || I <- lists:seq(1, 100000)]),
    spawn(fun() -> ok = gen_tcp:send(C4, Data) end),
    Got = recv_all(S4, byte_size(Data), []),
    show("100000 bytes intact", Got =:= Data),
    ok = gen_tcp:close(C4),
    show("eof", gen_tcp:recv(S4, 0, 5000)),
    ok = gen_tcp:close(S4),
    io:format("done~n").

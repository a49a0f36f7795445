-module(net_tcp_bigdata).
-export([main/0]).

%% Bulk transfer over loopback: 1 MB in a single gen_tcp:send received with
%% recv(S,0) loops (total and crc32 checked), the same in both directions at
%% once, a 2000-byte message read with 2000 recv(S,1) calls, and many small
%% sends received as one stream.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

pair(Opts) ->
    {ok, L} = gen_tcp:listen(0, [binary, {ip, {127,0,0,1}}, {active, false} | Opts]),
    {ok, Port} = inet:port(L),
    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [binary, {active, false} | Opts], 5000),
    {ok, S} = gen_tcp:accept(L, 5000),
    ok = gen_tcp:close(L),
    {C, S}.

%% read until the peer closes; return {Bytes, Crc, Chunks>0}
drain(S) -> drain(S, 0, erlang:crc32(<<>>), 0).
drain(S, N, Crc, Chunks) ->
    case gen_tcp:recv(S, 0, 5000) of
        {ok, D} -> drain(S, N + byte_size(D), erlang:crc32(Crc, D), Chunks + 1);
        {error, closed} -> {N, Crc, Chunks > 0};
        {error, R} -> {error_after, N, R}
    end.

%% read exactly Len bytes in recv(S,0) pieces
read_n(_S, 0, Crc) -> {ok, Crc};
read_n(S, Len, Crc) ->
    case gen_tcp:recv(S, 0, 5000) of
        {ok, D} when byte_size(D) =< Len -> read_n(S, Len - byte_size(D), erlang:crc32(Crc, D));
        {ok, D} -> {too_much, byte_size(D), Len};
        E -> {E, Len}
    end.

main() ->
    MB = << <<(I * 7 rem 251)>> || I <- lists:seq(1, 1024 * 1024) >>,
    show("payload size", byte_size(MB)),
    show("payload crc", erlang:crc32(MB)),

    %% --- 1 MB in one send, receiver loops on recv(S,0) until closed ---
    {C, S} = pair([]),
    Self = self(),
    spawn(fun() ->
              R = gen_tcp:send(C, MB),
              ok = gen_tcp:close(C),
              Self ! {sent, R}
          end),
    show("drained", drain(S)),
    receive {sent, R1} -> show("send result", R1) after 5000 -> show("send result", none) end,
    ok = gen_tcp:close(S),

    %% --- both directions at once; exact length reads with recv(S,N) ---
    {C2, S2} = pair([]),
    spawn(fun() -> Self ! {c_send, gen_tcp:send(C2, MB)} end),
    spawn(fun() -> Self ! {s_send, gen_tcp:send(S2, MB)} end),
    Crc = erlang:crc32(MB),
    spawn(fun() -> Self ! {s_read, read_n(S2, byte_size(MB), erlang:crc32(<<>>))} end),
    {ok, Got} = gen_tcp:recv(C2, byte_size(MB), 5000),
    show("client recv(S, 1MB) crc matches", erlang:crc32(Got) =:= Crc),
    receive {s_read, SR} -> show("server read crc matches", SR =:= {ok, Crc})
    after 5000 -> show("server read", timeout) end,
    [receive {Tag, SendR} -> show(atom_to_list(Tag), SendR) after 5000 -> show(atom_to_list(Tag), timeout) end
     || Tag <- [c_send, s_send]],
    ok = gen_tcp:close(C2), ok = gen_tcp:close(S2),

    %% --- 2000 bytes read one byte at a time ---
    {C3, S3} = pair([]),
    Msg = << <<(I rem 256)>> || I <- lists:seq(1, 2000) >>,
    ok = gen_tcp:send(C3, Msg),
    Bytes = [begin {ok, <<B>>} = gen_tcp:recv(S3, 1, 5000), B end || _ <- lists:seq(1, 2000)],
    show("2000 x recv(S,1)", list_to_binary(Bytes) =:= Msg),
    show("nothing left", gen_tcp:recv(S3, 0, 50)),
    %% and in list mode
    ok = inet:setopts(S3, [list]),
    ok = gen_tcp:send(C3, <<"abc">>),
    show("list recv 1", [gen_tcp:recv(S3, 1, 5000) || _ <- [1, 2, 3]]),
    ok = gen_tcp:close(C3), ok = gen_tcp:close(S3),

    %% --- 5000 small sends arrive as one ordered stream ---
    {C4, S4} = pair([]),
    spawn(fun() ->
              [ok = gen_tcp:send(C4, <<I:32>>) || I <- lists:seq(1, 5000)],
              ok = gen_tcp:close(C4)
          end),
    All = recv_until_closed(S4, []),
    show("5000 small sends", {byte_size(All), All =:= << <<I:32>> || I <- lists:seq(1, 5000) >>}),
    ok = gen_tcp:close(S4),

    %% --- 1 MB in {packet,4} arrives as one packet, also in active mode ---
    {C5, S5} = pair([{packet, 4}]),
    spawn(fun() -> ok = gen_tcp:send(C5, MB), ok = gen_tcp:send(C5, <<"tail">>) end),
    {ok, P1} = gen_tcp:recv(S5, 0, 5000),
    show("packet 4 1MB", {byte_size(P1), erlang:crc32(P1) =:= Crc}),
    show("packet 4 tail", gen_tcp:recv(S5, 0, 5000)),
    ok = inet:setopts(S5, [{active, once}]),
    spawn(fun() -> ok = gen_tcp:send(C5, MB) end),
    receive {tcp, S5, P2} -> show("active packet 4 1MB", {byte_size(P2), erlang:crc32(P2) =:= Crc})
    after 5000 -> show("active packet 4 1MB", timeout) end,
    ok = gen_tcp:close(C5), ok = gen_tcp:close(S5),
    io:format("done~n").

recv_until_closed(S, Acc) ->
    case gen_tcp:recv(S, 0, 5000) of
        {ok, D} -> recv_until_closed(S, [D | Acc]);
        {error, closed} -> iolist_to_binary(lists:reverse(Acc));
        E -> E
    end.

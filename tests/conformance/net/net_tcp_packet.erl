-module(net_tcp_packet).
-export([main/0]).

%% gen_tcp packet framing: {packet,1|2|4|line|raw|0}, in passive and active
%% modes; several packets in one raw write, one packet split across several
%% writes, the headers gen_tcp:send adds, and {packet_size,N} limits.

show(Label, X) -> io:format("~s: ~p~n", [Label, abbrev(X)]).

%% binaries longer than 40 bytes are printed as {N,bytes,First8}
abbrev(B) when is_binary(B), byte_size(B) > 40 -> {byte_size(B), bytes, binary:part(B, 0, 8)};
abbrev(T) when is_tuple(T) -> list_to_tuple([abbrev(E) || E <- tuple_to_list(T)]);
abbrev(X) -> X.

%% Client C is raw (we write the framing by hand); server S uses Opts.
pair(Opts) ->
    {ok, L} = gen_tcp:listen(0, [binary, {ip, {127,0,0,1}}, {active, false}]),
    {ok, Port} = inet:port(L),
    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [binary, {active, false}, {packet, raw}], 5000),
    {ok, S} = gen_tcp:accept(L, 5000),
    ok = inet:setopts(S, Opts),
    ok = gen_tcp:close(L),
    {C, S}.

msg(S) ->
    receive
        {tcp, S, Data} -> {tcp, Data};
        {tcp_closed, S} -> tcp_closed;
        {tcp_error, S, R} -> {tcp_error, R}
    after 5000 -> no_message_within_5s
    end.

quiet(S, T) ->
    receive {tcp, S, D} -> {unexpected, D}; {tcp_closed, S} -> {unexpected, tcp_closed}
    after T -> quiet
    end.

showw(Label, X) -> io:format("~s: ~w~n", [Label, X]).

split_first({ok, Bin}, N) -> <<H:N/binary, Rest/binary>> = Bin, {H, byte_size(Rest)};
split_first(Other, _) -> {Other, none}.

pieces(Bin) ->
    N = min(12, byte_size(Bin)),
    <<Head:N/binary, Tail/binary>> = Bin,
    [<<B>> || <<B>> <= Head] ++ sevens(Tail).

sevens(<<P:7/binary, Rest/binary>>) -> [P | sevens(Rest)];
sevens(<<>>) -> [];
sevens(Last) -> [Last].

close_pair({C, S}) -> gen_tcp:close(C), gen_tcp:close(S).

passive(Type, Frames, Count) ->
    io:format("-- passive ~p~n", [Type]),
    {C, S} = P = pair([{packet, Type}]),
    show("packet opt", inet:getopts(S, [packet])),
    %% all frames in one raw write
    ok = gen_tcp:send(C, Frames),
    [show("recv", gen_tcp:recv(S, 0, 5000)) || _ <- lists:seq(1, Count)],
    show("then timeout", gen_tcp:recv(S, 0, 50)),
    %% the same bytes in separate writes: the first 12 one byte at a time,
    %% the rest in 7-byte pieces
    spawn(fun() -> [begin gen_tcp:send(C, Piece), timer:sleep(1) end || Piece <- pieces(iolist_to_binary(Frames))] end),
    [show("recv split", gen_tcp:recv(S, 0, 5000)) || _ <- lists:seq(1, Count)],
    %% what gen_tcp:send adds on this side, read raw by the peer
    ok = gen_tcp:send(S, <<"sent">>),
    timer:sleep(20),
    show("peer sees raw", gen_tcp:recv(C, 0, 5000)),
    close_pair(P).

active(Type, Frames, Count) ->
    io:format("-- active ~p~n", [Type]),
    {C, S} = P = pair([{packet, Type}, {active, true}]),
    ok = gen_tcp:send(C, Frames),
    [show("msg", msg(S)) || _ <- lists:seq(1, Count)],
    show("nothing more", quiet(S, 30)),
    %% split into two writes in the middle
    Bin = iolist_to_binary(Frames),
    Half = byte_size(Bin) div 2,
    <<A:Half/binary, B/binary>> = Bin,
    ok = gen_tcp:send(C, A),
    timer:sleep(30),
    ok = gen_tcp:send(C, B),
    [show("msg split", msg(S)) || _ <- lists:seq(1, Count)],
    show("nothing more", quiet(S, 30)),
    close_pair(P).

main() ->
    F1 = [<<3, "abc">>, <<0>>, <<5, "hello">>],
    F2 = [<<0, 3, "abc">>, <<0, 0>>, <<1, 4, (binary:copy(<<"x">>, 260))/binary>>],
    F4 = [<<0, 0, 0, 3, "abc">>, <<0, 0, 0, 0>>, <<0, 0, 0, 6, "world!">>],
    FL = [<<"line one\n">>, <<"\n">>, <<"line three\nline four\n">>],
    passive(1, F1, 3),
    passive(2, F2, 3),
    passive(4, F4, 3),
    passive(line, FL, 4),
    active(1, F1, 3),
    active(2, F2, 3),
    active(4, F4, 3),
    active(line, FL, 4),

    %% a 2-byte header whose body is split over many writes
    io:format("-- packet 2 body dribbled~n"),
    {C2, S2} = P2 = pair([{packet, 2}]),
    ok = gen_tcp:send(C2, <<0, 10>>),
    ok = gen_tcp:send(C2, <<"01234">>),
    show("incomplete -> timeout", gen_tcp:recv(S2, 0, 50)),
    ok = gen_tcp:send(C2, <<"56789">>),
    show("complete", gen_tcp:recv(S2, 0, 5000)),
    close_pair(P2),

    %% list mode with packet 4
    io:format("-- packet 4 list mode~n"),
    {C3, S3} = P3 = pair([{packet, 4}, list]),
    ok = gen_tcp:send(C3, <<0, 0, 0, 2, "hi", 0, 0, 0, 1, 7>>),
    show("list 1", gen_tcp:recv(S3, 0, 5000)),
    show("list 2", gen_tcp:recv(S3, 0, 5000)),
    close_pair(P3),

    %% both ends framed: what one sends the other receives whole
    io:format("-- framed both ends~n"),
    {ok, L} = gen_tcp:listen(0, [binary, {ip, {127,0,0,1}}, {active, false}, {packet, 4}]),
    {ok, Port} = inet:port(L),
    {ok, C4} = gen_tcp:connect({127,0,0,1}, Port, [binary, {active, false}, {packet, 4}], 5000),
    {ok, S4} = gen_tcp:accept(L, 5000),
    ok = gen_tcp:close(L),
    show("accepted packet", inet:getopts(S4, [packet])),
    ok = gen_tcp:send(C4, <<"a">>),
    ok = gen_tcp:send(C4, ["bb", <<"cc">>]),
    ok = gen_tcp:send(C4, <<>>),
    Big = binary:copy(<<"z">>, 70000),
    ok = gen_tcp:send(C4, Big),
    show("p1", gen_tcp:recv(S4, 0, 5000)),
    show("p2", gen_tcp:recv(S4, 0, 5000)),
    show("p3 empty", gen_tcp:recv(S4, 0, 5000)),
    {ok, BigGot} = gen_tcp:recv(S4, 0, 5000),
    show("p4 70000 bytes whole", BigGot =:= Big),
    ok = gen_tcp:close(C4), ok = gen_tcp:close(S4),

    %% sending more than {packet,1}/{packet,2} can describe: OTP 25 does not
    %% refuse it, the header holds the length modulo 256 / 65536
    io:format("-- send too large~n"),
    {C5, S5} = P5 = pair([{packet, 1}]),
    show("packet 1 send 255", gen_tcp:send(S5, binary:copy(<<"a">>, 255))),
    showw("peer sees header", (element(1, split_first(gen_tcp:recv(C5, 256, 5000), 1)))),
    show("packet 1 send 256", gen_tcp:send(S5, binary:copy(<<"b">>, 256))),
    showw("peer sees header", (element(1, split_first(gen_tcp:recv(C5, 257, 5000), 1)))),
    show("peer nothing more", gen_tcp:recv(C5, 0, 50)),
    ok = inet:setopts(S5, [{packet, 2}]),
    show("packet 2 send 65536", gen_tcp:send(S5, binary:copy(<<"c">>, 65536))),
    showw("peer sees header", (element(1, split_first(gen_tcp:recv(C5, 65538, 5000), 2)))),
    close_pair(P5),

    %% {packet_size,N}: a header announcing more than N -> emsgsize
    io:format("-- packet_size~n"),
    {C6, S6} = P6 = pair([{packet, 4}, {packet_size, 10}]),
    show("packet_size opt", inet:getopts(S6, [packet_size])),
    ok = gen_tcp:send(C6, <<0, 0, 0, 10, "0123456789">>),
    show("exactly 10", gen_tcp:recv(S6, 0, 5000)),
    ok = gen_tcp:send(C6, <<0, 0, 0, 11, "0123456789a">>),
    show("11 > 10", gen_tcp:recv(S6, 0, 5000)),
    show("socket is gone", gen_tcp:recv(S6, 0, 5000)),
    close_pair(P6),
    {C7, S7} = P7 = pair([{packet, 2}, {packet_size, 5}, {active, true}]),
    ok = gen_tcp:send(C7, <<0, 3, "abc">>),
    show("active ok", msg(S7)),
    ok = gen_tcp:send(C7, <<0, 6, "abcdef">>),
    show("active too big", msg(S7)),
    show("then", msg(S7)),
    close_pair(P7),

    %% switching framing between packets
    io:format("-- switching~n"),
    {C8, S8} = P8 = pair([{packet, 1}]),
    ok = gen_tcp:send(C8, <<2, "ab", "tail\n", 0, 1, "x", "rawbytes">>),
    show("packet 1", gen_tcp:recv(S8, 0, 5000)),
    ok = inet:setopts(S8, [{packet, line}]),
    show("then line", gen_tcp:recv(S8, 0, 5000)),
    ok = inet:setopts(S8, [{packet, 2}]),
    show("then 2", gen_tcp:recv(S8, 0, 5000)),
    ok = inet:setopts(S8, [{packet, 0}]),
    show("then 0", inet:getopts(S8, [packet])),
    show("raw 3", gen_tcp:recv(S8, 3, 5000)),
    show("raw rest", gen_tcp:recv(S8, 0, 5000)),
    close_pair(P8),

    %% {packet,line}: the final unterminated line comes out when the peer closes?
    io:format("-- line at close~n"),
    {C9, S9} = pair([{packet, line}]),
    ok = gen_tcp:send(C9, <<"complete\nincomplete">>),
    show("complete", gen_tcp:recv(S9, 0, 5000)),
    show("incomplete -> timeout", gen_tcp:recv(S9, 0, 50)),
    ok = gen_tcp:close(C9),
    show("after close", gen_tcp:recv(S9, 0, 5000)),
    show("after close 2", gen_tcp:recv(S9, 0, 5000)),
    gen_tcp:close(S9),

    %% {packet,line}: a line longer than packet_size -> emsgsize (and the
    %% socket is closed); a line longer than the {buffer,N} -> N-byte pieces
    io:format("-- long line~n"),
    {C10, S10} = P10 = pair([{packet, line}, {packet_size, 8}]),
    ok = gen_tcp:send(C10, <<"short\n">>),
    show("short", gen_tcp:recv(S10, 0, 5000)),
    ok = gen_tcp:send(C10, <<"0123456789abc\nxy\n">>),
    show("longer than packet_size", gen_tcp:recv(S10, 0, 5000)),
    show("socket is gone", gen_tcp:recv(S10, 0, 5000)),
    close_pair(P10),
    {C11, S11} = P11 = pair([{packet, line}, {buffer, 16}]),
    show("buffer", inet:getopts(S11, [buffer])),
    ok = gen_tcp:send(C11, <<"0123456789abcdefghijklmnopqrstuvwxyz\nxy\n">>),
    show("piece", gen_tcp:recv(S11, 0, 5000)),
    show("piece", gen_tcp:recv(S11, 0, 5000)),
    show("piece", gen_tcp:recv(S11, 0, 5000)),
    show("next line", gen_tcp:recv(S11, 0, 5000)),
    close_pair(P11),
    {C12, S12} = P12 = pair([{packet, line}, {packet_size, 8}, {active, true}]),
    ok = gen_tcp:send(C12, <<"0123456789abc\n">>),
    show("active long line", msg(S12)),
    show("then", msg(S12)),
    close_pair(P12),
    io:format("done~n").

%% gen_udp: UDP sockets, as OTP's module of that name.
%%
%% The sockets are ports (vm/io/udp.h); the work is in the girder_inet
%% BIFs (bif/udp.cpp; close, options and names are shared with gen_tcp in
%% bif/inet.cpp). As in gen_tcp, a BIF that cannot finish at once returns a
%% reference and the result arrives as {inet_reply, Ref, Result}: waiting is
%% an ordinary receive here, and girder_inet:cancel/2 withdraws a recv that
%% timed out (false: the reply is already on its way, so it is taken).
%% Host names are resolved here, in the socket's family.
-module(gen_udp).
-export([open/1, open/2, send/2, send/3, send/4, send/5, recv/2, recv/3,
         connect/3, close/1, controlling_process/2]).

open(Port) ->
    open(Port, []).

open(Port, Options) when is_integer(Port), Port >= 0, Port =< 65535, is_list(Options) ->
    try girder_inet:udp_open(Port, Options)
    catch error:badarg -> exit(badarg)
    end;
open(_, _) ->
    exit(badarg).

%% To the peer of a connected socket.
send(Socket, Packet) when is_port(Socket) ->
    reply(Socket, girder_inet:udp_send(Socket, Packet)).

send(Socket, {Host, Port}, Packet) when is_port(Socket) ->
    send(Socket, Host, Port, Packet).

send(Socket, {Host, Port}, AncData, Packet) when is_port(Socket), is_list(AncData) ->
    send(Socket, Host, Port, AncData, Packet);
send(Socket, Host, Port, Packet) when is_port(Socket), is_integer(Port), Port >= 0, Port =< 65535 ->
    case resolve(Socket, Host) of
        {ok, IP} -> reply(Socket, girder_inet:udp_send(Socket, IP, Port, Packet));
        Error -> Error
    end.

%% Ancillary data (tos, ttl per datagram) is not supported: only [] is.
send(Socket, Host, Port, [], Packet) ->
    send(Socket, Host, Port, Packet);
send(Socket, _Host, _Port, AncData, _Packet) when is_port(Socket), is_list(AncData) ->
    {error, enotsup}.

recv(Socket, Length) ->
    recv(Socket, Length, infinity).

recv(Socket, Length, Timeout) when is_port(Socket), is_integer(Length), Length >= 0 ->
    check_timeout(Timeout),
    case girder_inet:udp_recv(Socket) of
        Ref when is_reference(Ref) -> wait(Socket, Ref, Timeout);
        Result -> Result
    end.

connect(Socket, Host, Port) when is_port(Socket), is_integer(Port), Port >= 0, Port =< 65535 ->
    case resolve(Socket, Host) of
        {ok, IP} -> girder_inet:udp_connect(Socket, IP, Port);
        Error -> Error
    end.

%% Returns once the descriptor is closed, so the address can be bound again.
close(Socket) when is_port(Socket) ->
    case girder_inet:udp_close(Socket) of
        Ref when is_reference(Ref) -> receive {inet_reply, Ref, Result} -> Result end;
        Result -> Result
    end;
close(_) ->
    erlang:error(badarg).

%% Queued messages move to the new owner first (inet:hand_over/3).
controlling_process(Socket, NewOwner) when is_port(Socket), is_pid(NewOwner) ->
    inet:hand_over(Socket, NewOwner, fun move_messages/2);
controlling_process(_, _) ->
    erlang:error(badarg).

%% --- helpers ---------------------------------------------------------------

%% A send waits only when the socket's buffer is full.
reply(_Socket, Ref) when is_reference(Ref) ->
    receive {inet_reply, Ref, Result} -> Result end;
reply(_Socket, Result) ->
    Result.

wait(Socket, Ref, Timeout) ->
    receive
        {inet_reply, Ref, Result} -> Result
    after Timeout ->
        case girder_inet:cancel(Socket, Ref) of
            true -> {error, timeout};
            false -> receive {inet_reply, Ref, Result} -> Result end
        end
    end.

check_timeout(infinity) -> ok;
check_timeout(T) when is_integer(T), T >= 0 -> ok;
check_timeout(_) -> erlang:error(badarg).

%% An IP tuple goes as it is (a family mismatch is the BIF's eafnosupport);
%% a name is looked up in the socket's family, which its own address tells.
resolve(_Socket, {_, _, _, _} = IP) -> {ok, IP};
resolve(_Socket, {_, _, _, _, _, _, _, _} = IP) -> {ok, IP};
resolve(Socket, Host) ->
    Family = case girder_inet:sockname(Socket) of
                 {ok, {{_, _, _, _, _, _, _, _}, _}} -> inet6;
                 _ -> inet
             end,
    inet:getaddr(Host, Family).

move_messages(Socket, NewOwner) ->
    receive
        {udp, Socket, _, _, _} = M -> NewOwner ! M, move_messages(Socket, NewOwner);
        {udp_error, Socket, _} = M -> NewOwner ! M, move_messages(Socket, NewOwner);
        {udp_passive, Socket} = M -> NewOwner ! M, move_messages(Socket, NewOwner)
    after 0 ->
        ok
    end.

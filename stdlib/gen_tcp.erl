%% gen_tcp: TCP sockets, as OTP's module of that name.
%%
%% The sockets are ports (vm/io/tcp.h); the work is in the girder_inet
%% BIFs. A BIF that cannot finish at once returns a reference, and the
%% result arrives as {inet_reply, Ref, Result}: waiting is an ordinary
%% receive here, with the caller's timeout, and girder_inet:cancel/2
%% withdraws a wait that timed out (false: the reply is already on its way,
%% so it is taken instead).
-module(gen_tcp).
-export([listen/2, accept/1, accept/2, connect/3, connect/4,
         send/2, recv/2, recv/3, close/1, shutdown/2,
         controlling_process/2]).

listen(Port, Options) when is_integer(Port), Port >= 0, Port =< 65535, is_list(Options) ->
    try girder_inet:tcp_listen(Port, Options)
    catch error:badarg -> exit(badarg)
    end;
listen(_, _) ->
    exit(badarg).

accept(ListenSocket) ->
    accept(ListenSocket, infinity).

accept(ListenSocket, Timeout) when is_port(ListenSocket) ->
    check_timeout(Timeout),
    case girder_inet:tcp_accept(ListenSocket) of
        Ref when is_reference(Ref) -> wait(ListenSocket, Ref, Timeout);
        Result -> Result
    end;
accept(_, _) ->
    erlang:error(badarg).

connect(Address, Port, Options) ->
    connect(Address, Port, Options, infinity).

connect(Address, Port, Options, Timeout)
  when is_integer(Port), Port >= 0, Port =< 65535, is_list(Options) ->
    check_timeout(Timeout),
    Family = case tuple_size_of(Address) =:= 8 orelse lists:member(inet6, Options) of
                 true -> inet6;
                 false -> inet
             end,
    Resolved = case Address of
                   {local, _} ->
                       {ok, Address};
                   _ when is_tuple(Address) ->
                       case inet:is_ip_address(Address) of
                           true -> inet:getaddr(Address, Family);
                           false -> exit(badarg)
                       end;
                   _ ->
                       inet:getaddr(Address, Family)
               end,
    case Resolved of
        {ok, IP} ->
            Started = try girder_inet:tcp_connect(IP, Port, Options)
                      catch error:badarg -> exit(badarg)
                      end,
            case Started of
                {wait, Socket, Ref} ->
                    case wait(Socket, Ref, Timeout) of
                        {ok, _} = Ok ->
                            Ok;
                        Error ->
                            girder_inet:close(Socket),
                            Error
                    end;
                Result ->
                    Result
            end;
        Error ->
            Error
    end;
connect(_, _, _, _) ->
    exit(function_clause).

send(Socket, Data) when is_port(Socket) ->
    case girder_inet:send(Socket, Data) of
        Ref when is_reference(Ref) -> send_wait(Socket, Ref);
        Result -> Result
    end;
send(_, _) ->
    erlang:error(badarg).

%% More than high_watermark bytes are queued: wait until the queue drains
%% (the socket's send_timeout bounds the wait).
send_wait(Socket, Ref) ->
    {Timeout, CloseOnTimeout} =
        case girder_inet:getopts(Socket, [send_timeout, send_timeout_close]) of
            {ok, [{send_timeout, T}, {send_timeout_close, C}]} -> {T, C};
            _ -> {infinity, false}
        end,
    receive
        {inet_reply, Ref, Result} -> Result
    after Timeout ->
        case girder_inet:cancel(Socket, Ref) of
            true ->
                case CloseOnTimeout of
                    true -> girder_inet:close(Socket);
                    false -> ok
                end,
                {error, timeout};
            false ->
                receive {inet_reply, Ref, Result} -> Result end
        end
    end.

recv(Socket, Length) ->
    recv(Socket, Length, infinity).

recv(Socket, Length, Timeout) when is_port(Socket), is_integer(Length), Length >= 0 ->
    check_timeout(Timeout),
    case girder_inet:recv(Socket, Length) of
        Ref when is_reference(Ref) -> wait(Socket, Ref, Timeout);
        Result -> Result
    end;
recv(_, _, _) ->
    erlang:error(badarg).

wait(Socket, Ref, Timeout) ->
    receive
        {inet_reply, Ref, Result} -> Result
    after Timeout ->
        case girder_inet:cancel(Socket, Ref) of
            true -> {error, timeout};
            false -> receive {inet_reply, Ref, Result} -> Result end
        end
    end.

tuple_size_of(T) when is_tuple(T) -> tuple_size(T);
tuple_size_of(_) -> 0.

check_timeout(infinity) -> ok;
check_timeout(T) when is_integer(T), T >= 0 -> ok;
check_timeout(_) -> erlang:error(badarg).

close(Socket) when is_port(Socket) ->
    case girder_inet:close(Socket) of
        Ref when is_reference(Ref) -> receive {inet_reply, Ref, Result} -> Result end;
        Result -> Result
    end;
close(_) ->
    erlang:error(badarg).

shutdown(Socket, How) when is_port(Socket) ->
    girder_inet:shutdown(Socket, How);
shutdown(_, _) ->
    erlang:error(badarg).

%% Queued messages move to the new owner first (inet:hand_over/3).
controlling_process(Socket, NewOwner) when is_port(Socket), is_pid(NewOwner) ->
    inet:hand_over(Socket, NewOwner, fun move_messages/2).

move_messages(Socket, NewOwner) ->
    receive
        {tcp, Socket, _} = M -> NewOwner ! M, move_messages(Socket, NewOwner);
        {tcp_closed, Socket} = M -> NewOwner ! M, move_messages(Socket, NewOwner);
        {tcp_error, Socket, _} = M -> NewOwner ! M, move_messages(Socket, NewOwner);
        {tcp_passive, Socket} = M -> NewOwner ! M, move_messages(Socket, NewOwner)
    after 0 ->
        ok
    end.

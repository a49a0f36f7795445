%% inet: socket options, addresses and names, as OTP's module of that name
%% (the socket side is in the girder_inet BIFs, vm/io/).
-module(inet).
-export([setopts/2, getopts/2, peername/1, sockname/1, port/1, close/1,
         getaddr/2, getaddrs/2, gethostname/0,
         parse_address/1, parse_ipv4_address/1, parse_ipv6_address/1,
         parse_strict_address/1, parse_ipv4strict_address/1,
         parse_ipv6strict_address/1,
         ntoa/1, ipv4_mapped_ipv6_address/1, is_ip_address/1, is_ipv4_address/1, is_ipv6_address/1,
         format_error/1, i/0]).
%% Girder's own, for gen_tcp and gen_udp (not an OTP function).
-export([hand_over/3]).

setopts(Socket, Options) when is_port(Socket), is_list(Options) ->
    girder_inet:setopts(Socket, Options);
setopts(_, _) ->
    erlang:error(badarg).

getopts(Socket, Names) when is_port(Socket), is_list(Names) ->
    girder_inet:getopts(Socket, Names);
getopts(_, _) ->
    erlang:error(badarg).

peername(Socket) -> girder_inet:peername(Socket).

sockname(Socket) -> girder_inet:sockname(Socket).

port(Socket) ->
    case girder_inet:sockname(Socket) of
        {ok, {_, Port}} -> {ok, Port};
        Error -> Error
    end.

close(Socket) -> gen_tcp:close(Socket).

%% controlling_process/2 of gen_tcp and gen_udp: the new owner gets the
%% socket's messages still queued here (MoveMessages(Socket, NewOwner)
%% forwards them), in order, before anything the socket delivers later:
%% the socket is made passive while they move, then its mode is restored.
hand_over(Socket, NewOwner, MoveMessages) ->
    Self = self(),
    case erlang:port_info(Socket, connected) of
        {connected, Self} ->
            case girder_inet:getopts(Socket, [active]) of
                {ok, [{active, false}]} ->
                    girder_inet:controlling_process(Socket, NewOwner);
                {ok, [{active, Active}]} ->
                    ok = girder_inet:setopts(Socket, [{active, false}]),
                    MoveMessages(Socket, NewOwner),
                    Result = girder_inet:controlling_process(Socket, NewOwner),
                    _ = girder_inet:setopts(Socket, [{active, Active}]),
                    Result;
                {error, _} ->
                    {error, closed}
            end;
        {connected, _} ->
            {error, not_owner};
        undefined ->
            {error, closed}
    end.

%% --- names ------------------------------------------------------------------

getaddr(Host, Family) ->
    case getaddrs(Host, Family) of
        {ok, [IP | _]} -> {ok, IP};
        Error -> Error
    end.

getaddrs(Host, Family) when Family =:= inet; Family =:= inet6 ->
    case Host of
        {_, _, _, _} when Family =:= inet ->
            case is_ipv4_address(Host) of
                true -> {ok, [Host]};
                false -> {error, einval}
            end;
        {_, _, _, _, _, _, _, _} when Family =:= inet6 ->
            case is_ipv6_address(Host) of
                true -> {ok, [Host]};
                false -> {error, einval}
            end;
        {_, _, _, _} ->
            {error, eafnosupport};
        {_, _, _, _, _, _, _, _} ->
            {error, eafnosupport};
        _ when is_atom(Host) ->
            getaddrs(atom_to_list(Host), Family);
        _ when is_list(Host) ->
            Parsed = case Family of
                         inet -> parse_ipv4_address(Host);
                         inet6 -> parse_ipv6_address(Host)
                     end,
            case Parsed of
                {ok, IP} -> {ok, [IP]};
                {error, _} -> lookup(Host, Family)
            end;
        _ ->
            {error, einval}
    end;
getaddrs(_, _) ->
    {error, einval}.

lookup(Name, Family) ->
    case girder_inet:getaddrs(Name, Family) of
        Ref when is_reference(Ref) ->
            receive {inet_reply, Ref, Result} -> Result end;
        Result ->
            Result
    end.

gethostname() ->
    case os:getenv("HOSTNAME") of
        false ->
            case file:read_file("/etc/hostname") of
                {ok, Bin} -> {ok, string:trim(binary_to_list(Bin))};
                _ -> {ok, "localhost"}
            end;
        Name ->
            {ok, Name}
    end.

%% --- parsing addresses -----------------------------------------------------

parse_address(S) ->
    case parse_ipv4_address(S) of
        {ok, _} = Ok -> Ok;
        _ -> parse_ipv6_address(S)
    end.

parse_strict_address(S) ->
    case parse_ipv4strict_address(S) of
        {ok, _} = Ok -> Ok;
        _ -> parse_ipv6strict_address(S)
    end.

parse_ipv4_address(S) when is_list(S) ->
    case ipv4(S, false) of
        {ok, _} = Ok -> Ok;
        error -> {error, einval}
    end;
parse_ipv4_address(_) ->
    {error, einval}.

parse_ipv4strict_address(S) when is_list(S) ->
    case ipv4(S, true) of
        {ok, _} = Ok -> Ok;
        error -> {error, einval}
    end;
parse_ipv4strict_address(_) ->
    {error, einval}.

parse_ipv6_address(S) when is_list(S) ->
    case scoped_ipv6(S) of
        {ok, _} = Ok -> Ok;
        error ->
            %% An IPv4 address is also an IPv6 one (mapped).
            case ipv4(S, false) of
                {ok, {A, B, C, D}} -> {ok, {0, 0, 0, 0, 0, 65535, A * 256 + B, C * 256 + D}};
                error -> {error, einval}
            end
    end;
parse_ipv6_address(_) ->
    {error, einval}.

parse_ipv6strict_address(S) when is_list(S) ->
    case scoped_ipv6(S) of
        {ok, _} = Ok -> Ok;
        error -> {error, einval}
    end;
parse_ipv6strict_address(_) ->
    {error, einval}.

%% "Address%Scope": as OTP, a scope (even an empty one) is taken for
%% link-local addresses (fe80::) only.
scoped_ipv6(S) ->
    case lists:splitwith(fun(C) -> C =/= $% end, S) of
        {Addr, [$% | _]} ->
            case ipv6(Addr) of
                {ok, IP} when element(1, IP) =:= 16#fe80 -> {ok, IP};
                _ -> error
            end;
        _ -> ipv6(S)
    end.

%% Dotted IPv4: strict takes exactly four decimal fields; the relaxed form
%% (OTP's) also takes 1 to 3 fields, the last filling the remaining bytes,
%% and hexadecimal (0x) or octal (leading 0) fields.
ipv4(S, Strict) ->
    Fields = string:split(S, ".", all),
    case lists:all(fun(F) -> F =/= [] end, Fields) of
        false -> error;
        true when Strict ->
            case length(Fields) =:= 4 of
                true -> ipv4_fields([dec(F) || F <- Fields]);
                false -> error
            end;
        true when length(Fields) =< 4 ->
            ipv4_fields([num(F) || F <- Fields]);
        true ->
            error
    end.

ipv4_fields(Values) ->
    case lists:member(error, Values) of
        true -> error;
        false ->
            {Init, [Last]} = lists:split(length(Values) - 1, Values),
            LastBytes = 4 - length(Init),
            case lists:all(fun(V) -> V =< 255 end, Init) andalso Last < (1 bsl (8 * LastBytes)) of
                true ->
                    Bytes = Init ++ [(Last bsr (8 * (LastBytes - 1 - I))) band 255
                                     || I <- lists:seq(0, LastBytes - 1)],
                    {ok, list_to_tuple(Bytes)};
                false ->
                    error
            end
    end.

%% Strict decimal: no leading zeros (they would mean octal in the relaxed form).
dec([$0, _ | _]) -> error;
dec(F) ->
    case lists:all(fun(C) -> C >= $0 andalso C =< $9 end, F) of
        true -> list_to_integer(F);
        false -> error
    end.

num([$0, X | Hex]) when X =:= $x; X =:= $X ->
    case Hex =/= [] andalso lists:all(fun is_hex/1, Hex) of
        true -> list_to_integer(Hex, 16);
        false -> error
    end;
num([$0 | Oct]) when Oct =/= [] ->
    case lists:all(fun(C) -> C >= $0 andalso C =< $7 end, Oct) of
        true -> list_to_integer(Oct, 8);
        false -> error
    end;
num(F) ->
    dec(F).

is_hex(C) -> (C >= $0 andalso C =< $9) orelse (C >= $a andalso C =< $f) orelse (C >= $A andalso C =< $F).

%% Colon-separated hexadecimal groups, at most one "::", optionally ending
%% in a dotted IPv4 address (two groups).
ipv6(S) ->
    case string:split(S, "::", all) of
        [Whole] ->
            case groups(Whole) of
                {ok, G} when length(G) =:= 8 -> {ok, list_to_tuple(G)};
                _ -> error
            end;
        [Front, Back] ->
            case {groups(Front), groups(Back)} of
                {{ok, F}, {ok, B}} when length(F) + length(B) =< 7 ->
                    Zeros = lists:duplicate(8 - length(F) - length(B), 0),
                    {ok, list_to_tuple(F ++ Zeros ++ B)};
                _ ->
                    error
            end;
        _ ->
            error
    end.

groups("") -> {ok, []};
groups(S) ->
    Parts = string:split(S, ":", all),
    {Init, [Last]} = lists:split(length(Parts) - 1, Parts),
    LastGroups = case lists:member($., Last) of
                     true ->
                         case ipv4(Last, true) of
                             {ok, {A, B, C, D}} -> [A * 256 + B, C * 256 + D];
                             error -> error
                         end;
                     false ->
                         [hex_group(Last)]
                 end,
    case LastGroups of
        error -> error;
        _ ->
            Gs = [hex_group(P) || P <- Init] ++ LastGroups,
            case lists:member(error, Gs) of
                true -> error;
                false -> {ok, Gs}
            end
    end.

hex_group(P) when length(P) >= 1, length(P) =< 4 ->
    case lists:all(fun is_hex/1, P) of
        true -> list_to_integer(P, 16);
        false -> error
    end;
hex_group(_) ->
    error.

ipv4_mapped_ipv6_address({A, B, C, D}) when (A bor B bor C bor D) band (bnot 255) =:= 0 ->
    {0, 0, 0, 0, 0, 65535, (A bsl 8) bor B, (C bsl 8) bor D};
ipv4_mapped_ipv6_address({_, _, _, _, _, _, G, H}) when (G bor H) band (bnot 65535) =:= 0 ->
    {G bsr 8, G band 255, H bsr 8, H band 255}.

is_ip_address(A) -> is_ipv4_address(A) orelse is_ipv6_address(A).

is_ipv4_address({A, B, C, D}) -> lists:all(fun(X) -> is_integer(X) andalso X >= 0 andalso X =< 255 end, [A, B, C, D]);
is_ipv4_address(_) -> false.

is_ipv6_address({_, _, _, _, _, _, _, _} = T) ->
    lists:all(fun(X) -> is_integer(X) andalso X >= 0 andalso X =< 65535 end, tuple_to_list(T));
is_ipv6_address(_) -> false.

%% --- printing addresses ----------------------------------------------------

ntoa({A, B, C, D} = IP) ->
    case is_ipv4_address(IP) of
        true -> lists:flatten(io_lib:format("~w.~w.~w.~w", [A, B, C, D]));
        false -> {error, einval}
    end;
ntoa({0, 0, 0, 0, 0, 0, 0, 0}) -> "::";
ntoa({0, 0, 0, 0, 0, 0, 0, 1}) -> "::1";
ntoa({0, 0, 0, 0, 0, 0, G, H} = IP) ->
    case is_ipv6_address(IP) of
        true -> "::" ++ ntoa({G bsr 8, G band 255, H bsr 8, H band 255});
        false -> {error, einval}
    end;
ntoa({0, 0, 0, 0, 0, 65535, G, H} = IP) ->
    case is_ipv6_address(IP) of
        true -> "::ffff:" ++ ntoa({G bsr 8, G band 255, H bsr 8, H band 255});
        false -> {error, einval}
    end;
ntoa({_, _, _, _, _, _, _, _} = IP) ->
    case is_ipv6_address(IP) of
        true -> ipv6_text(tuple_to_list(IP));
        false -> {error, einval}
    end;
ntoa(_) ->
    {error, einval}.

%% The first longest run of two or more zero groups becomes "::".
ipv6_text(Groups) ->
    {Start, Len} = longest_zero_run(Groups, 0, -1, 0, -1, 0),
    Hex = fun(G) -> string:lowercase(integer_to_list(G, 16)) end,
    case Len >= 2 of
        true ->
            {Front, Rest} = lists:split(Start, Groups),
            Back = lists:nthtail(Len, Rest),
            join([Hex(G) || G <- Front]) ++ "::" ++ join([Hex(G) || G <- Back]);
        false ->
            join([Hex(G) || G <- Groups])
    end.

join(Parts) -> lists:flatten(lists:join($:, Parts)).

longest_zero_run([], _I, RunStart, RunLen, BestStart, BestLen) ->
    pick(RunStart, RunLen, BestStart, BestLen);
longest_zero_run([0 | T], I, RunStart, RunLen, BestStart, BestLen) ->
    Start = case RunLen of 0 -> I; _ -> RunStart end,
    longest_zero_run(T, I + 1, Start, RunLen + 1, BestStart, BestLen);
longest_zero_run([_ | T], I, RunStart, RunLen, BestStart, BestLen) ->
    {S, L} = pick(RunStart, RunLen, BestStart, BestLen),
    longest_zero_run(T, I + 1, -1, 0, S, L).

pick(RunStart, RunLen, _BestStart, BestLen) when RunLen > BestLen -> {RunStart, RunLen};
pick(_RunStart, _RunLen, BestStart, BestLen) -> {BestStart, BestLen}.

format_error(Reason) ->
    case Reason of
        closed -> "connection closed";
        timeout -> "timeout on receive";
        econnrefused -> "connection refused";
        eaddrinuse -> "address already in use";
        einval -> "invalid argument";
        nxdomain -> "non-existing domain";
        emfile -> "too many open files";
        _ -> lists:flatten(io_lib:format("~p", [Reason]))
    end.

%% A listing of the VM's sockets, as inet:i/0 prints them.
i() ->
    Ports = [P || P <- erlang:ports(), socket_module(P) =/= none],
    io:format("~-10s ~-10s ~-14s ~-10s ~-10s ~-22s ~-22s~n",
              ["Port", "Module", "Owner", "Recv", "Sent", "Local Address", "Foreign Address"]),
    lists:foreach(
      fun(P) ->
              case erlang:port_info(P) of
                  undefined -> ok;
                  Info ->
                      {id, Id} = lists:keyfind(id, 1, Info),
                      {connected, Owner} = lists:keyfind(connected, 1, Info),
                      {input, In} = lists:keyfind(input, 1, Info),
                      {output, Out} = lists:keyfind(output, 1, Info),
                      Local = address_text(girder_inet:sockname(P)),
                      Peer = address_text(girder_inet:peername(P)),
                      io:format("~-10w ~-10s ~-14w ~-10w ~-10w ~-22s ~-22s~n",
                                [Id, socket_module(P), Owner, In, Out, Local, Peer])
              end
      end, Ports),
    ok.

socket_module(P) ->
    case erlang:port_info(P, name) of
        {name, "tcp_inet"} -> "inet_tcp";
        {name, "udp_inet"} -> "inet_udp";
        _ -> none
    end.

address_text({ok, {IP, Port}}) -> ntoa(IP) ++ ":" ++ integer_to_list(Port);
address_text(_) -> "*:*".

%% inet_parse: the address and name checks of OTP 25's module of that name
%% (address/1, the ipv4/ipv6 and strict forms, ntoa/1, domain/1, dots/1),
%% on inet's parsers. The configuration file readers (hosts, resolv,
%% services...) are not here.
-module(inet_parse).
-export([address/1, strict_address/1, ipv4_address/1, ipv4strict_address/1,
         ipv6_address/1, ipv6strict_address/1, ntoa/1, domain/1, dots/1]).

address(S) -> inet:parse_address(S).
strict_address(S) -> inet:parse_strict_address(S).

%% As OTP's, these take strings only (anything else: function_clause).
ipv4_address(S) when is_list(S) -> inet:parse_ipv4_address(S).
ipv4strict_address(S) when is_list(S) -> inet:parse_ipv4strict_address(S).
ipv6_address(S) when is_list(S) -> inet:parse_ipv6_address(S).
ipv6strict_address(S) when is_list(S) -> inet:parse_ipv6strict_address(S).

ntoa(IP) -> inet:ntoa(IP).

%% A host name: labels of letters, digits, "-" and "_", each starting with
%% a letter or digit, no empty label, and not four or more labels of digits
%% only (that reads as an address).
domain(S) when is_list(S) ->
    Labels = string:split(S, ".", all),
    lists:all(fun label/1, Labels) andalso
        not (length(Labels) >= 4 andalso lists:all(fun digits/1, Labels));
domain(_) ->
    false.

label([C | Rest]) when is_integer(C) ->
    alnum(C) andalso lists:all(fun(X) -> is_integer(X) andalso (alnum(X) orelse X =:= $- orelse X =:= $_) end, Rest);
label(_) ->
    false.

alnum(C) -> (C >= $a andalso C =< $z) orelse (C >= $A andalso C =< $Z) orelse (C >= $0 andalso C =< $9).

digits(L) -> lists:all(fun(C) -> C >= $0 andalso C =< $9 end, L).

%% {Dots, EndsInDot}: the dots of a name, a final one counted apart.
dots(S) when is_list(S) ->
    case lists:reverse(S) of
        [$. | Rest] -> {length([C || C <- Rest, C =:= $.]), true};
        _ -> {length([C || C <- S, C =:= $.]), false}
    end.

-module(net_inet_addr).
-export([main/0]).

%% inet address parsing and formatting: parse_address/1,
%% parse_ipv4_address/1, parse_ipv4strict_address/1, parse_ipv6_address/1,
%% parse_ipv6strict_address/1, parse_strict_address/1, ntoa/1,
%% is_ip_address/1, is_ipv4_address/1, is_ipv6_address/1, getaddr/2,
%% getaddrs/2 and inet:ipv4_mapped_ipv6_address/1.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

each(Label, F, Inputs) ->
    io:format("-- ~s~n", [Label]),
    [io:format("~p -> ~p~n", [I, try F(I) catch C:R -> {raised, C, R} end]) || I <- Inputs],
    ok.

main() ->
    V4 = ["127.0.0.1", "0.0.0.0", "255.255.255.255", "1.2.3.4", "01.02.03.004",
          "256.0.0.1", "1.2.3", "1.2", "1", "1.2.3.4.5", "", "a.b.c.d", " 1.2.3.4",
          "1.2.3.4 ", "1.2.3.-4", "0x7f.0.0.1", "127.1", "10.0.258", "4294967295",
          "1..2.3", "010.0.0.1", "08.0.0.1", "0377.0.0.1"],
    V6 = ["::", "::1", "1::", "fe80::1", "FE80::ABCD:1", "2001:db8::ff00:42:8329",
          "2001:0db8:0000:0000:0000:ff00:0042:8329", "1:2:3:4:5:6:7:8",
          "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "::ffff:1.2.3.4", "::1.2.3.4",
          "1::2::3", ":::", "12345::", "g::1", "::ffff:1.2.3", "1:2:3:4:5:6:1.2.3.4",
          "fe80::1%lo", "[::1]", ""],
    each("parse_address", fun inet:parse_address/1, V4 ++ V6 ++ [not_a_string]),
    each("parse_ipv4_address", fun inet:parse_ipv4_address/1, V4 ++ ["::1"]),
    each("parse_ipv4strict_address", fun inet:parse_ipv4strict_address/1, V4),
    each("parse_ipv6_address", fun inet:parse_ipv6_address/1, V6 ++ ["1.2.3.4", "127.1"]),
    each("parse_ipv6strict_address", fun inet:parse_ipv6strict_address/1, V6 ++ ["1.2.3.4"]),
    each("parse_strict_address", fun inet:parse_strict_address/1,
         ["1.2.3.4", "127.1", "::1", "::ffff:1.2.3.4", "x"]),

    each("ntoa", fun inet:ntoa/1,
         [{127,0,0,1}, {0,0,0,0}, {255,255,255,255}, {1,2,3,4},
          {0,0,0,0,0,0,0,0}, {0,0,0,0,0,0,0,1}, {1,0,0,0,0,0,0,0},
          {16#fe80,0,0,0,0,0,0,1}, {16#2001,16#db8,0,0,0,16#ff00,16#42,16#8329},
          {1,2,3,4,5,6,7,8}, {1,0,0,2,0,0,0,3}, {1,0,0,2,0,0,3,4}, {1,0,2,0,3,0,4,0},
          {0,0,0,0,0,16#ffff,16#0102,16#0304}, {0,0,0,0,0,0,16#0102,16#0304},
          {0,0,0,0,0,16#fffe,16#0102,16#0304}, {16#ABCD,16#EF01,0,0,0,0,0,0},
          {1,2,3}, {256,0,0,1}, {1,2,3,4,5,6,7,16#10000}, "1.2.3.4", foo]),

    each("is_ip_address", fun inet:is_ip_address/1,
         [{1,2,3,4}, {1,2,3,4,5,6,7,8}, {256,0,0,0}, {1,2,3}, "1.2.3.4", {0,0,0,0,0,0,0,65536}]),
    each("is_ipv4_address", fun inet:is_ipv4_address/1, [{1,2,3,4}, {1,2,3,4,5,6,7,8}, {-1,0,0,0}]),
    each("is_ipv6_address", fun inet:is_ipv6_address/1, [{1,2,3,4}, {1,2,3,4,5,6,7,8}]),
    each("ipv4_mapped_ipv6_address", fun inet:ipv4_mapped_ipv6_address/1,
         [{1,2,3,4}, {0,0,0,0,0,16#ffff,16#0102,16#0304}]),

    %% round trips
    io:format("-- round trips~n"),
    [begin {ok, A} = inet:parse_address(S), io:format("~s -> ~s~n", [S, inet:ntoa(A)]) end
     || S <- ["2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:10.0.0.1", "0:0:0:0:0:0:0:0",
              "FE80:0:0:0:0:0:0:1", "10.000.0.01"]],

    %% name resolution of fixed names
    io:format("-- getaddr~n"),
    show("getaddr localhost inet", inet:getaddr("localhost", inet)),
    show("getaddr localhost atom", inet:getaddr(localhost, inet)),
    show("getaddr tuple", inet:getaddr({127,0,0,1}, inet)),
    show("getaddr string literal", inet:getaddr("127.0.0.1", inet)),
    show("getaddr v6 literal", inet:getaddr("::1", inet6)),
    show("getaddr v6 tuple", inet:getaddr({0,0,0,0,0,0,0,1}, inet6)),
    show("getaddr v4 tuple as inet6", inet:getaddr({127,0,0,1}, inet6)),
    show("getaddr v6 tuple as inet", inet:getaddr({0,0,0,0,0,0,0,1}, inet)),
    show("getaddr bad family", inet:getaddr("127.0.0.1", bogus)),
    show("getaddr bad tuple", inet:getaddr({1,2,3,256}, inet)),
    show("getaddrs tuple", inet:getaddrs({127,0,0,1}, inet)),
    show("getaddrs literal", inet:getaddrs("127.0.0.1", inet)),
    {ok, LH} = inet:getaddrs("localhost", inet),
    show("getaddrs localhost includes 127.0.0.1", lists:member({127,0,0,1}, LH)),
    {ok, HN} = inet:gethostname(),
    show("gethostname is a string", is_list(HN) andalso HN =/= []),
    ok.

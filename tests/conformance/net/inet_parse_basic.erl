%% inet_parse against OTP 25: address/1 and the ipv4/ipv6 (strict) forms on
%% good and bad addresses (relaxed IPv4 with 1-3 fields, hex and octal,
%% IPv6 with "::", embedded IPv4 and scopes), ntoa/1, domain/1, dots/1.
-module(inet_parse_basic).
-export([main/0]).

main() ->
    Fs = [address, strict_address, ipv4_address, ipv4strict_address, ipv6_address, ipv6strict_address],
    lists:foreach(fun(S) ->
                          io:format("~p~n", [S]),
                          [io:format("  ~p ~p~n", [F, call(F, S)]) || F <- Fs]
                  end,
                  ["1.2.3.4", "::1", "foo", "a.b", "1.2.3", "1.2", "1", ".a", "a..b", "fe80::1%eth0",
                   "0x7f.1", "010.0.0.1", "255.255.255.255", "256.1.1.1", "1.2.3.4.5", "", "::",
                   "::ffff:1.2.3.4", "1::2::3", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "::1.2.3",
                   "FFFF::", "1.2.3.04", "0.0.0.0", " 1.2.3.4", "1.2.3.4 ", "[::1]", "::%eth0", "fe80::%eth0", "1::%1", "::1%1", "fe80::1%", "1.2.3.4%1", "fe80::1%25", "febf::1%x", "fec0::1%x", "fe81::1%x", "FE80:0:0:0:0:0:0:1%x"]),
    io:format("non-strings: ~p ~p~n", [call(address, {1, 2, 3, 4}), call(ipv4_address, bar)]),
    lists:foreach(fun(IP) -> io:format("ntoa ~p -> ~p~n", [IP, inet_parse:ntoa(IP)]) end,
                  [{1, 2, 3, 4}, {0, 0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 65535, 258, 772}, {1, 2, 3, 256},
                   {0, 0, 0, 0, 0, 0, 0, 0}, {8193, 3512, 0, 0, 0, 0, 2, 1}, {1, 0, 0, 2, 0, 0, 0, 3},
                   {0, 0, 0, 0, 0, 0, 258, 772}, "1.2.3.4", foo]),
    lists:foreach(fun(S) -> io:format("domain ~p -> ~p~n", [S, inet_parse:domain(S)]) end,
                  ["a.b", "", ".", "a..b", "a-b.c", "-a", "a-", "1.2.3.4", "a_b", "a.b.", "ab.c.d", [233],
                   "x", lists:duplicate(64, $a), "1a.b", "a.1", "1.a", "a b", "_a", "a.-b", "1", "A.B",
                   "a*b", "1.2", "1.2.3", "1.2.3.4.5", "1.2.3.a", "999.999.999.999", "0x1.2.3.4",
                   {1, 2, 3, 4}]),
    lists:foreach(fun(S) -> io:format("dots ~p -> ~p~n", [S, inet_parse:dots(S)]) end,
                  ["a.b", "", ".", "a..b", "a.b.", "ab.c.d", "..", "a..", "x"]),
    ok.

call(F, S) ->
    try inet_parse:F(S) catch error:_ -> error end.

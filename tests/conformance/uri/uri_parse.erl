%% uri_string:parse/1 against OTP 25: every component, empty components,
%% IPv6 and IPv4 hosts, ports, percent signs (not checked by parse), and
%% the {error, invalid_uri, Where} answers for bad characters. Each string
%% is parsed as a list, as a binary and (when it splits) as mixed chardata.
-module(uri_parse).
-export([main/0]).

main() ->
    lists:foreach(fun one/1, cases()),
    io:format("-- bad input~n"),
    lists:foreach(fun(X) -> io:format("~w -> ~p~n", [X, class(X)]) end,
                  [{x}, 12, [a], [$a | b], [-1], [16#110000]]),
    ok.

one(S) ->
    Bin = unicode:characters_to_binary(S),
    L = parse(S),
    B = parse(Bin),
    io:format("~tp~n  ~tp~n", [S, L]),
    %% The binary's answer, given once when it says the same.
    case to_list(B) =:= L of
        true -> io:format("  binary: same~n");
        false -> io:format("  binary: ~tp~n", [B])
    end,
    {A, Z} = lists:split(length(S) div 2, S),
    case parse([A, unicode:characters_to_binary(Z)]) of
        L -> ok;
        M -> io:format("  mixed: ~tp~n", [M])
    end.

parse(X) -> uri_string:parse(X).

class(X) ->
    try uri_string:parse(X) of V -> {ok, V}
    catch error:_ -> error
    end.

to_list(M) when is_map(M) ->
    maps:map(fun(_, V) when is_binary(V) -> unicode:characters_to_list(V); (_, V) -> V end, M);
to_list({error, R, T}) when is_binary(T) -> {error, R, unicode:characters_to_list(T)};
to_list(X) -> X.

cases() ->
    ["", ":", "foo:", "http://host:/", "http://host:80", "http://h:8x/",
     "http://[::1]:8/p?q#f", "http://[::1", "//u@h:1/p", "a:b:c", "/a b",
     "http://örebro.se/ö?ä#å", "foo://%zz", "foo:%0", "?q", "#f", "http://a%20b/",
     "http://u%41:p@h/", "http://[v1.x]/", "http://[::ffff:1.2.3.4]/", "http://1.2.3.4/",
     "http://h:99999999999999/", "s://h?q?#f#", "1http://x", "h+t-t.p://x",
     "http://a/b/../c", "mailto:a@b", "urn:isbn:123", "http://[fe80::1%25eth0]/",
     "http://x/%F0%9F%98%80", "http://x/\x{1F600}", "http://x y/", "http://x/[",
     "foo://h/p?a=[]", "http://@/", "http://u:p@[::1]:0/", "x:/\\", "%41:b",
     "/a b c", "/a%zz", "?a b", "#a b", "//h h/", "//h:x/", "//[::1", "//[::1]x",
     "//h/p q", "a b", "a\x{e9}", "/\x{e9}", "/a#b#c", "/a?b?c", "//u@v@h/", "//[::1]:/",
     "a/b:c", "./a:b", "a^b", "http://h/%", "?\x{e9}", "#\x{e9}", "//\x{e9}/", "//u\x{e9}@h/",
     "//[::g]/", "//[1:2:3:4:5:6:7:8:9]/", "//[]/", "//1.2.3.400/", "//1.2.3/",
     "http://h:1:2/", "//h:-1/", "\x{e9}:a", "http://h/\x{e9}", "HTTP://H/P",
     "//h:080", "//h:+1", "//u:p:q@h", "//[::1]:80", "//[::1]]", "http:", "http:/",
     "http:///", "http://", "//", "///", "////a", "http:?", "http:#", "mailto:x?y#z",
     "a+b:", "a.b-c:", "-a:", "+:", "//a%/", "//%g/", "//h:1@2/", "//[1::2::3]/",
     "//[1.2.3.4]/", "//[::1.2.3.4]/", "//[::1.2.3]/", "//[FFFF::]/", "//[::1]@h/",
     "//[::1]?x", "//[::1]#x", "//h?x", "//h#x", "//h:1?x", "//h:?x", "//h:", "//h::",
     "//:80/", "//@:/", "//u@", "?", "#", "?#", "#?", "a?b#c?d", "a#b?c", "/?/?",
     "//h/a//b", ":a", "a:", "0:a", "//[::1%eth0]/", "//h\tx", [127], [$/, 0], "~",
     "/~!$&'()*+,;=:@-._", "/\"", "/<>", "/{}", "/|", "/`", "/\\", "/^", "?\"", "#<",
     "foo://example.com:8042/over/there?name=ferret#nose", "urn:example:animal:ferret:nose",
     "ftp://ftp.is.co.za/rfc/rfc1808.txt", "ldap://[2001:db8::7]/c=GB?objectClass?one",
     "news:comp.infosystems.www.servers.unix", "tel:+1-816-555-1212", "telnet://192.0.2.16:80/",
     "urn:oasis:names:specification:docbook:dtd:xml:4.1.2", "file:///etc/hosts", "file:/etc",
     "http://[2001:db8:0:0:0:0:2:1]", "http://[::]", "http://[1:2:3:4:5:6:7::]", "http://[:1]/",
     "http://[1:]/", "http://[::1::]/", "http://[12345::]/", "http://h/?a=1&b=2;c#x/y?z",
     "data:text/plain;base64,SGVsbG8=", "a/b/c", "../x", ".", "..", "g;x=1/../y"].

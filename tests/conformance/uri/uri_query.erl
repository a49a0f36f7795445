%% uri_string's query and encoding helpers against OTP 25: compose_query,
%% dissect_query, transcode, percent_decode, quote/unquote, is_host,
%% is_path, allowed_characters; with lists, binaries, unicode and errors.
-module(uri_query).
-export([main/0]).

main() ->
    io:format("-- compose_query~n"),
    lists:foreach(fun({Q, O}) -> io:format("~tp ~p~n  -> ~tp~n", [Q, O, try1(compose_query, [Q, O])]) end,
                  [{[], []}, {[{"a", "1"}], []}, {[{"a", "1"}, {"b", "2"}], []},
                   {[{"a b", "c d"}], []}, {[{"a", true}, {"b", "x"}], []}, {[{"é", "ü"}], []},
                   {[{"é", "ü"}], [{encoding, latin1}]}, {[{"é", "ü"}], [{encoding, utf8}]},
                   {[{"é", "ü"}], [{encoding, unicode}]}, {[{"\x{1F600}", "x"}], [{encoding, latin1}]},
                   {[{<<"a">>, <<"1">>}, {<<"b c">>, <<"+&=">>}], []},
                   {[{<<"a">>, <<"1">>}, {"b", "2"}], []}, {[{"a", <<"1">>}], []},
                   {[{"&=+%", "*-._~!'()"}], []}, {[{"", ""}], []}, {[{"a", ""}], []},
                   {[{"a", "1"}], [{separator, semicolon}]}, {[{"a", "1"}, {"b", "2"}], [{separator, semicolon}]},
                   {[{"a", "1"}, {"b", "2"}], [{separator, escaped_amp}]},
                   {[{<<"a">>, <<"1">>}, {<<"b">>, <<"2">>}], [{separator, semicolon}]},
                   {[{<<"a">>, true}], []}, {[{"/?#[]@", ":"}], []},
                   {[{"a", "1"}], [{encoding, bogus}]}, {[{a, "1"}], []}]),
    io:format("-- dissect_query~n"),
    lists:foreach(fun(Q) ->
                          io:format("~tp~n  -> ~tp~n", [Q, try1(dissect_query, [Q])]),
                          io:format("  b-> ~tp~n", [try1(dissect_query, [unicode:characters_to_binary(Q)])])
                  end,
                  ["", "a=1", "a=1&b=2", "a=1;b=2", "a", "a&b", "=", "a=", "=1", "a=1=2", "a+b=c+d",
                   "a%20b=c%2Bd", "%C3%A9=%C3%BC", "%E9=1", "%zz=1", "a=%", "&&", "a=1&", "&a=1",
                   "a=1&amp;b=2", "é=ü", "a=1#f", "a b=c"]),
    io:format("-- transcode~n"),
    lists:foreach(fun({S, O}) ->
                          io:format("~tp ~p~n  -> ~tp~n", [S, O, try1(transcode, [S, O])])
                  end,
                  [{"foo%E9bar", [{in_encoding, latin1}, {out_encoding, utf8}]},
                   {<<"foo%E9bar">>, [{in_encoding, latin1}, {out_encoding, utf8}]},
                   {"foo%C3%A9bar", [{in_encoding, utf8}, {out_encoding, latin1}]},
                   {<<"foo%C3%A9bar">>, [{in_encoding, utf8}, {out_encoding, latin1}]},
                   {"a%C3%A9b", [{in_encoding, utf8}, {out_encoding, utf8}]},
                   {"a%00%FF", [{in_encoding, latin1}, {out_encoding, utf8}]},
                   {"%F0%9F%98%80", [{in_encoding, utf8}, {out_encoding, latin1}]},
                   {"%F0%9F%98%80", [{in_encoding, utf8}, {out_encoding, {utf16, big}}]},
                   {"%E9", [{in_encoding, utf8}, {out_encoding, latin1}]},
                   {"%zz", [{in_encoding, utf8}, {out_encoding, latin1}]},
                   {"%4", [{in_encoding, latin1}, {out_encoding, utf8}]},
                   {"a\x{e9}b", [{in_encoding, latin1}, {out_encoding, utf8}]},
                   {"abc", []}, {<<"a%41">>, [{in_encoding, utf8}, {out_encoding, utf8}]},
                   {"%E9%", [{in_encoding, latin1}, {out_encoding, utf8}]}, {"a%", []},
                   {"%41%c3%a9x%c3%a9", [{in_encoding, utf8}, {out_encoding, latin1}]}, {"%41%e9", []}]),
    io:format("-- percent_decode~n"),
    lists:foreach(fun(S) -> io:format("~tp -> ~tp~n", [S, try1(percent_decode, [S])]) end,
                  ["", "abc", "%41%42", "%C3%A9", "%E9", "%zz", "%4", "%", "a%20b", <<"%41%2f">>,
                   #{path => "%41", query => "%42"}, #{host => <<"%41">>, path => <<>>},
                   #{path => "%zz"}, "%F0%9F%98%80", "%2525"]),
    io:format("-- quote/unquote~n"),
    lists:foreach(fun(S) ->
                          Q = try1(quote, [S]),
                          io:format("~tp~n  quote -> ~tp~n", [S, Q]),
                          io:format("  quote(\"/\") -> ~tp~n", [try1(quote, [S, "/"])]),
                          io:format("  quote(\":@\") -> ~tp~n", [try1(quote, [S, ":@"])]),
                          io:format("  unquote -> ~tp~n", [try1(unquote, [S])]),
                          io:format("  unquote(quote) -> ~tp~n", [try1(unquote, [Q])])
                  end,
                  ["", "abc", "a b", "a/b", "a%b", "%41", "é", "\x{1F600}", "~-._!*'()", "?#[]@:/",
                   "&=+$,;", <<"a b/c">>, <<"é"/utf8>>, "%zz", "%", "a+b", "%E9"]),
    io:format("-- is_host / is_path~n"),
    lists:foreach(fun(S) ->
                          io:format("~tp host ~p path ~p~n", [S, try1(is_host, [S]), try1(is_path, [S])])
                  end,
                  ["", "a", "a.b", "a b", "a:b", "::1", "[::1]", "1.2.3.4", "a%20", "a/b", "/a/b", "a@b",
                   "é", "a;b", "a?b", "a#b", "!$&'()*+,;=", <<"h.x">>, <<"a/b">>, "%zz"]),
    io:format("-- allowed_characters~n"),
    lists:foreach(fun({K, V}) -> io:format("~p ~p~n", [K, lists:sort(V)]) end,
                  uri_string:allowed_characters()),
    ok.

try1(F, A) ->
    try apply(uri_string, F, A) catch error:_ -> error end.

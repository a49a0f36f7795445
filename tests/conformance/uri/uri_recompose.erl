%% uri_string:recompose/1 against OTP 25: which characters each component
%% gets percent-encoded, IPv6 hosts, missing components and the
%% invalid_map / invalid_scheme answers; and parse then recompose.
-module(uri_recompose).
-export([main/0]).

main() ->
    lists:foreach(fun(M) -> show(M), show(to_bin(M)) end, maps()),
    io:format("-- mixed types~n"),
    lists:foreach(fun show/1,
                  [#{scheme => "http", host => <<"h">>, path => "/é"},
                   #{scheme => <<"http">>, host => "h", path => "/p"},
                   #{scheme => "http", host => "h", path => <<"/p">>},
                   #{path => <<"p">>, query => "q"},
                   #{path => "p", fragment => <<"f">>},
                   #{path => [<<"a">>, "b"]}]),
    io:format("-- round trips~n"),
    lists:foreach(fun(S) ->
                          M = uri_string:parse(S),
                          io:format("~tp -> ~tp~n", [S, uri_string:recompose(M)]),
                          B = uri_string:parse(list_to_binary(S)),
                          io:format("  ~tp~n", [uri_string:recompose(B)])
                  end,
                  ["http://u:p@h:8/a/b?q=1#f", "//h", "///", "a:", "?", "#", "",
                   "http://[::1]:80/", "foo:/a/./b/../c", "/a%20b?%41#%7e", "x://@:/"]),
    ok.

show(M) ->
    R = try uri_string:recompose(M)
        catch error:_ -> error
        end,
    io:format("~tp~n  -> ~tp~n", [M, R]).

to_bin(M) ->
    maps:map(fun(port, V) -> V;
                (_, V) when is_list(V) -> unicode:characters_to_binary(V);
                (_, V) -> V
             end, M).

maps() ->
    [#{}, #{path => ""}, #{path => "/a"}, #{scheme => "http", host => "h"},
     #{scheme => "http", host => "h", port => 80, path => "/p", query => "q", fragment => "f"},
     #{scheme => "http", host => "::1", path => "/"},
     #{host => "h", port => undefined, path => "/"},
     #{host => "h", userinfo => "u:p", path => "x"},
     #{scheme => "http", host => "h", path => "/p q"}, #{path => "a:b"}, #{path => "//a"},
     #{scheme => "s", path => "//a"}, #{query => "a b"}, #{port => 8080},
     #{host => "h", port => "80", path => ""}, #{scheme => "ht tp", path => ""},
     #{path => "/a%20b"}, #{path => "/a%2"}, #{path => "/%zz"}, #{path => "\x{1F600}"},
     #{query => "a b", path => ""}, #{fragment => "é#", path => ""}, #{host => "h é", path => ""},
     #{host => "h", userinfo => "u@", path => ""}, #{host => "h", port => 80, path => ""},
     #{scheme => "http", host => "[::1]", path => ""}, #{host => "1.2.3.4", port => 0, path => ""},
     #{host => "FE80::1", scheme => "x", path => ""}, #{host => "a:b", path => ""},
     #{host => "a:", path => ""}, #{host => "::ffff:1.2.3.4", path => ""},
     #{host => "1::2::3", path => ""},
     #{query => "?#[]/ %41&=+", path => ""}, #{fragment => "?#[]/ %41&=+", path => ""},
     #{userinfo => "a:b@[]/?# %", path => ""}, #{host => "a@b/?#[] %", path => ""},
     #{path => "a@b/?#[] %:;"}, #{path => "a b", scheme => "x"}, #{host => "", path => ""},
     #{host => "", path => "a"}, #{path => "/a", userinfo => "u"}, #{path => "a", port => 1},
     #{scheme => "S", path => "p"}, #{scheme => "a+b.c-d", path => "p"},
     #{scheme => "1a", path => "p"}, #{scheme => "a_b", path => "p"}, #{scheme => "", path => "x"},
     #{host => "h", port => -1, path => ""}, #{host => "\x{1F600}", path => ""},
     #{userinfo => "ü", host => "h", path => ""}, #{query => "\x{80}", path => ""},
     #{host => "h", path => "/é", query => "é", fragment => "é"},
     #{path => "\"<>\\^`{|}"}, #{query => "\"<>\\^`{|}", path => ""},
     #{path => "", query => "", fragment => ""}, #{path => "x", extra => "y"}].

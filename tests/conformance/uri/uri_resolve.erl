%% uri_string:resolve/2,3 and normalize/1,2 against OTP 25: the normal
%% and abnormal examples of RFC 3986 section 5.4 (base
%% "http://a/b/c/d;p?q"), as lists, binaries and maps, return_map, bases
%% without a scheme or with no authority, dot segments, and errors.
-module(uri_resolve).
-export([main/0]).

-define(BASE, "http://a/b/c/d;p?q").

main() ->
    io:format("-- RFC 3986 5.4~n"),
    lists:foreach(fun({R, Want}) ->
                          Got = uri_string:resolve(R, ?BASE),
                          GotB = uri_string:resolve(list_to_binary(R), list_to_binary(?BASE)),
                          io:format("~p -> ~p ~s~n", [R, Got, ok(Got =:= Want andalso GotB =:= list_to_binary(Want))])
                  end, rfc()),
    io:format("-- other bases~n"),
    lists:foreach(fun({R, B}) ->
                          io:format("~tp + ~tp~n  -> ~tp~n", [R, B, catch_resolve(R, B, [])]),
                          io:format("  map -> ~tp~n", [catch_resolve(R, B, [return_map])])
                  end, others()),
    io:format("-- maps in~n"),
    lists:foreach(fun({R, B}) -> io:format("~tp~n", [catch_resolve(R, B, [])]) end,
                  [{#{path => "g"}, #{scheme => "http", host => "a", path => "/b/c"}},
                   {"g?x", #{scheme => "http", host => "a", path => "/b/c"}},
                   {#{path => "../g", query => "y"}, "http://a/b/c/d"},
                   {#{path => <<"g">>}, <<"http://a/b">>},
                   {<<"g">>, "http://a/b"}, {"g", <<"http://a/b">>},
                   {"g", #{path => "/b"}}]),
    io:format("-- normalize~n"),
    lists:foreach(fun(S) ->
                          io:format("~tp~n  -> ~tp~n", [S, catch_norm(S, [])]),
                          io:format("  bin -> ~tp~n", [catch_norm(unicode:characters_to_binary(S), [])]),
                          io:format("  map -> ~tp~n", [catch_norm(S, [return_map])])
                  end, norm()),
    io:format("~tp~n", [catch_norm(#{scheme => "HTTP", host => "A", port => 80, path => "/%7e/./x"}, [])]),
    io:format("~tp~n", [catch_norm(#{scheme => <<"https">>, host => <<"A">>, port => 443, path => <<"">>}, [return_map])]),
    ok.

ok(true) -> "ok";
ok(false) -> "WRONG".

catch_resolve(R, B, Opts) ->
    try uri_string:resolve(R, B, Opts) catch error:_ -> error end.

catch_norm(S, Opts) ->
    try uri_string:normalize(S, Opts) catch error:_ -> error end.

rfc() ->
    [{"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"}, {"g/", "http://a/b/c/g/"},
     {"/g", "http://a/g"}, {"//g", "http://g"}, {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"},
     {"#s", "http://a/b/c/d;p?q#s"}, {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"},
     {";x", "http://a/b/c/;x"}, {"g;x", "http://a/b/c/g;x"}, {"g;x?y#s", "http://a/b/c/g;x?y#s"},
     {"", "http://a/b/c/d;p?q"}, {".", "http://a/b/c/"}, {"./", "http://a/b/c/"}, {"..", "http://a/b/"},
     {"../", "http://a/b/"}, {"../g", "http://a/b/g"}, {"../..", "http://a/"}, {"../../", "http://a/"},
     {"../../g", "http://a/g"},
     %% abnormal
     {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"}, {"/./g", "http://a/g"},
     {"/../g", "http://a/g"}, {"g.", "http://a/b/c/g."}, {".g", "http://a/b/c/.g"},
     {"g..", "http://a/b/c/g.."}, {"..g", "http://a/b/c/..g"}, {"./../g", "http://a/b/g"},
     {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
     {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
     {"g?y/./x", "http://a/b/c/g?y/./x"}, {"g?y/../x", "http://a/b/c/g?y/../x"},
     {"g#s/./x", "http://a/b/c/g#s/./x"}, {"g#s/../x", "http://a/b/c/g#s/../x"},
     {"http:g", "http:g"}].

others() ->
    [{"g", "http://a"}, {"g", "http://a/"}, {"g", "http://a?q"}, {"?y", "http://a"},
     {"g", "foo:a/b"}, {"g", "foo:"}, {"../g", "foo:a/b/c"}, {"g", "/a/b"}, {"g", "a/b"},
     {"g", ""}, {"", ""}, {"g", "//h/a"}, {"//u@h:9/x", "http://a/b"}, {"HTTP://A/./b", "http://a"},
     {"g", "http://u:p@a:81/b/c?q#f"}, {"#", "http://a/b?q#f"}, {"?", "http://a/b?q#f"},
     {"g", "http://[::1]:80/b"}, {"/", "mailto:x@y"}, {"a/../../b", "http://h/x/y/z"},
     {"./a:b", "http://h/"}, {"a:b", "http://h/"}, {"g", "http://a/b c"}, {"g h", "http://a/"},
     {"é", "http://a/"}, {"g", "http://a/é"}, {<<"../../é"/utf8>>, <<"http://a/b/c">>},
     {"/a/./b/../../c/.", "http://x"}, {".././/./x", "http://a/b/c/"}].

norm() ->
    ["HTTP://Example.COM/", "http://example.com:80/a", "https://example.com:443/a",
     "http://example.com:443/a", "ftp://h:21/", "ssh://h:22", "sftp://h:22", "tftp://h:69",
     "https://h:80", "http://h:080/", "http://h:/", "http://%7e%41%2f%3a/%7e%41%2f%3a?%7e%41%2f#%7e%41",
     "http://h/a/./b/../c/%2e/%2E%2E/d", "/../a", "a/../b", "../a", "./a", "a/./..",
     "foo:a/b/../c", "mailto:User@Example.COM", "HTTP://[::FFFF:1.2.3.4]:80/", "http://h/%e9",
     "http://h/%C3%A9%c3%a9", "http://h/%zz", "http://h?%41", "http://h#%41", "http://u%41@h/",
     "http://h/\x{e9}", "x y", "", "HTTP:", "http://h/a/b/c/./../../g", "//h/../x",
     "http://h/%", "http://h/%4", "http://h/%2F", "http://h/%5b"].

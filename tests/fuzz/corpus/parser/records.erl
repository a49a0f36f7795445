-module(records).
-export([a/1]).
-record(r, {a = 1, b = #s{}, c :: atom()}).
-record(s, {x, y = [1, 2]}).
a(#r{a = A, _ = '_'} = R) when R#r.b#s.x =:= 1 -> R#r{a = A + 1, c = x};
a(R) -> {#r.c, R#r.b, record_info(fields, r), is_record(R, s), #s{_ = 0}}.

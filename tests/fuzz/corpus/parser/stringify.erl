-module(f).
-export([a/0]).
-define(G(X), ??X).
a() -> ?G(foo(1,'B', "s", 1.5, $a, 16#ff, <<1>>, 'hello world', [a|b], 1.0e10, -3, X)).

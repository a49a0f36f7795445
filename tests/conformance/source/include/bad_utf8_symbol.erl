-module(bad_utf8_symbol).
-export([main/0]).
main() -> ok.
f() -> 1 =é 1.

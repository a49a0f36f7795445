-module(bad_utf8_atom).
-export([main/0]).
main() -> ok.
f() -> aéb.

-module(bad_utf8_comment).
-export([main/0]).
main() -> ok. %% café
f() -> 1.

-module(bad_utf8_quoted).
-export([main/0]).
main() -> ok.
f() -> {'a\\né'}.

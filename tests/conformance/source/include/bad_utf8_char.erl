-module(bad_utf8_char).
-export([main/0]).
main() -> $é.

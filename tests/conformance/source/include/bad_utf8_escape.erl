-module(bad_utf8_escape).
-export([main/0]).
main() -> "ab\12é".

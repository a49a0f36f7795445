-module(bad_utf8_truncated).
-export([main/0]).
main() -> "a√".

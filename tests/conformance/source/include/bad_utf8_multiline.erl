-module(bad_utf8_multiline).
-export([main/0]).
main() -> ok.
   f() -> "abc
defé".

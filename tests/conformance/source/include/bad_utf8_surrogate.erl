-module(bad_utf8_surrogate).
-export([main/0]).
main() -> "í €".

-module(bad_utf8_overlong).
-export([main/0]).
main() -> ok. % À¯

-module(bad_utf8_dot).
-export([main/0]).
main() -> ok.    é

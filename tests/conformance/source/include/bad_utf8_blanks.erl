-module(bad_utf8_blanks).
-export([main/0]).
main() -> ok.
f() -> { 
  é}.

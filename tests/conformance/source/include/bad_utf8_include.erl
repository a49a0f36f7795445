-module(bad_utf8_include).
-export([main/0]).
-include("bad_utf8.hrl").
main() -> ?X.

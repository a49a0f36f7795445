-module(d).
-endif.
f() -> ok.
-ifdef(X).

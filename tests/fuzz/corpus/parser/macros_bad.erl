-module(c).
-define(F(X), X).
-define(G(X), ??X).
-define(A, ?B).
-define(B, ?A).
f() -> ?F.
g() -> ?F(1,2).
h() -> maybe.
i() -> ?G(foo(1,'B', "s", 1.5, $a, 16#ff, <<1>>, 'hello world')).
j() -> ?A.
k(X) -> X ! catch 1.
l(X) -> X orelse catch 1.
m() -> 1_000.
n() -> 'maybe'.

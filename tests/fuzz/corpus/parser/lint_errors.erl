-module(a).
-export([f/1, g/0, nope/2]).
f(X) -> case X of 1 -> Y = 1; 2 -> Z = 2, Y = 3 end, {Y, Z, W}.
g() -> try A = 1 of _ -> ok catch _ -> ok end, A.
h(X) when X andalso (B = 1) -> ok.
i(X) -> (X andalso (B = true)), B.
j() -> ?FOO.
k() -> foo(1).
k() -> 1.
l(1) -> 1;
l(1,2) -> 2.
m() -> catch (Q = 1), Q.
n(R) -> R#r.f.
o() -> fun zz/3.
p(X) when foo(X) -> 1.
q(X) when X ++ [] -> 1.

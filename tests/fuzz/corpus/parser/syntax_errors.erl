-module(b).
f( -> ok.
g() -> ok )
h() -> [1,2,.
i() -> f(1)(2).
j() -> X = catch 1.

%% Arithmetic errors: which operators get an {erlang, Op, Args} frame (with
%% OTP's error_info) and which fail in the caller's own frame (X + Int,
%% Int + X, X - Int and X / Y, as OTP 25 compiles them).
-module(errors_arith_error_info).
-export([main/0]).
%% Exported, so that OTP's compiler cannot infer the argument types from
%% the calls below (it would then compile failing operations differently).
-export([add/2, add1/1, one_add/1, mul/2, sub/2, sub1/1, neg/1, bnd/2, shl/2, dv/2, idv/2, rm/2]).
t(F) -> try F() catch error:R:S -> io:format("~p ~p~n", [R, hd(S)]) end.
add(X, Y) -> X + Y.
add1(X) -> X + 1.
one_add(X) -> 1 + X.
mul(X, Y) -> X * Y.
sub(X, Y) -> X - Y.
sub1(X) -> X - 1.
neg(X) -> -X.
bnd(X, Y) -> X band Y.
shl(X, Y) -> X bsl Y.
dv(X, Y) -> X / Y.
idv(X, Y) -> X div Y.
rm(X, Y) -> X rem Y.
main() ->
    t(fun() -> add(a, 1) end),
    t(fun() -> add(1, a) end),
    t(fun() -> add(1.0, {}) end),
    t(fun() -> add1(a) end),
    t(fun() -> one_add(a) end),
    t(fun() -> mul(a, 2) end),
    t(fun() -> sub(a, 2) end),
    t(fun() -> sub1(a) end),
    t(fun() -> neg(a) end),
    t(fun() -> bnd(a, 1) end),
    t(fun() -> shl(1, a) end),
    t(fun() -> dv(a, 1) end),
    t(fun() -> dv(1, 0) end),
    t(fun() -> idv(1, 0) end),
    t(fun() -> rm(1, 0) end),
    ok.

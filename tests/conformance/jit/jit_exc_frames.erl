-module(jit_exc_frames).
-export([main/0]).

%% The top stack frame of exceptions raised by operators and guard BIFs
%% outside guards: {erlang, Op, Args} for most operators, but OTP 25 reports
%% no erlang frame for some forms (X + Literal, X / Y). Frames of this
%% module are shown as {Module, Function, Arity} without location.

id(X) -> X.

top(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R:S -> {C, R, frame(S)}
    end.

frame([{M, F, Args, _} | _]) when is_list(Args) -> {M, F, Args};
frame([{M, F, Arity, _} | _]) -> {M, F, Arity};
frame([]) -> none.

plus_lit(X) -> X + 1.
lit_plus(X) -> 1 + X.
minus_lit(X) -> X - 1.
lit_minus(X) -> 1 - X.
plus_neg_lit(X) -> X + -5.
plus_big_lit(X) -> X + 18446744073709551616.
times_lit(X) -> X * 3.
div_lit(X) -> X div 3.
rem_lit(X) -> X rem 3.
band_lit(X) -> X band 3.
bsl_lit(X) -> X bsl 3.
fdiv_lit(X) -> X / 2.
lit_fdiv(X) -> 2 / X.
plus(X, Y) -> X + Y.
minus(X, Y) -> X - Y.
fdiv(X, Y) -> X / Y.
neg(X) -> -X.
pos(X) -> +X.
bnot_(X) -> bnot X.

main() ->
    Fs = [{plus_lit, fun plus_lit/1}, {lit_plus, fun lit_plus/1}, {minus_lit, fun minus_lit/1},
          {lit_minus, fun lit_minus/1}, {plus_neg_lit, fun plus_neg_lit/1},
          {plus_big_lit, fun plus_big_lit/1}, {times_lit, fun times_lit/1},
          {div_lit, fun div_lit/1}, {rem_lit, fun rem_lit/1}, {band_lit, fun band_lit/1},
          {bsl_lit, fun bsl_lit/1}, {fdiv_lit, fun fdiv_lit/1}, {lit_fdiv, fun lit_fdiv/1},
          {neg, fun neg/1}, {pos, fun pos/1}, {'bnot', fun bnot_/1}],
    lists:foreach(
      fun({Name, F}) ->
              io:format("~w ~w~n", [Name, [top(fun() -> F(id(V)) end) || V <- [a, 1.5, 0]]])
      end, Fs),
    lists:foreach(
      fun({Name, F}) ->
              io:format("~w ~w~n", [Name, [top(fun() -> F(id(A), id(B)) end) || {A, B} <- [{a, 1}, {1, a}, {1, 0}, {1.5, 0.0}]]])
      end, [{plus, fun plus/2}, {minus, fun minus/2}, {fdiv, fun fdiv/2}]),
    ok.

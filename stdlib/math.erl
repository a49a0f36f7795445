%% math: the OTP 25 `math' module.  The floating-point functions are BIFs
%% implemented in the VM (C++); their Erlang bodies here are placeholders
%% for those BIFs.  pi/0, floor/1 and ceil/1 are written in Erlang.
%% No known deviations.
-module(math).

-export([acos/1, acosh/1, asin/1, asinh/1, atan/1, atan2/2, atanh/1, ceil/1,
         cos/1, cosh/1, erf/1, erfc/1, exp/1, floor/1, fmod/2, log/1, log10/1,
         log2/1, pi/0, pow/2, sin/1, sinh/1, sqrt/1, tan/1, tanh/1]).

pi() -> 3.141592653589793.

floor(X) when is_number(X) -> float(erlang:floor(X));
floor(X) -> erlang:error(badarg, [X]).

ceil(X) when is_number(X) -> float(erlang:ceil(X));
ceil(X) -> erlang:error(badarg, [X]).

%% BIF: implemented in the VM (C++) -- every function below.
acos(_) -> erlang:error(undef).
acosh(_) -> erlang:error(undef).
asin(_) -> erlang:error(undef).
asinh(_) -> erlang:error(undef).
atan(_) -> erlang:error(undef).
atan2(_, _) -> erlang:error(undef).
atanh(_) -> erlang:error(undef).
cos(_) -> erlang:error(undef).
cosh(_) -> erlang:error(undef).
erf(_) -> erlang:error(undef).
erfc(_) -> erlang:error(undef).
exp(_) -> erlang:error(undef).
fmod(_, _) -> erlang:error(undef).
log(_) -> erlang:error(undef).
log10(_) -> erlang:error(undef).
log2(_) -> erlang:error(undef).
pow(_, _) -> erlang:error(undef).
sin(_) -> erlang:error(undef).
sinh(_) -> erlang:error(undef).
sqrt(_) -> erlang:error(undef).
tan(_) -> erlang:error(undef).
tanh(_) -> erlang:error(undef).

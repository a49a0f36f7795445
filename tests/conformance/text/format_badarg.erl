-module(format_badarg).
-export([main/0]).
try_fmt(F, A) ->
    try lists:flatten(io_lib:format(F, A)) of S -> {ok, S}
    catch error:R -> {error, R}
    end.
main() ->
    Cases = [{"~.0f", [1.5]}, {"~.1e", [1.5]}, {"~.2e", [1.5]}, {"~.1f", [1.5]}, {"~.0g", [1.5]},
             {"~.1g", [1.5]}, {"~f", [1]}, {"~e", [1]}, {"~b", [1.0]}, {"~s", [[300]]},
             {"~c", [a]}, {"~a", [x]}, {"~p", []}, {"~w ~w", [1]}, {"~.1b", [5]},
             {"~.37b", [5]}, {"~s", [{tuple}]}, {"~ts", [[300]]}, {"x", [extra]},
             {"~-5.2f", [1.0]}, {"~0p", [x]}, {"~-10p", [{a, b}]}, {"~*w", [-8, y]}, {"~10..s", ["x"]}],
    [io:format("~p -> ~p~n", [F, try_fmt(F, A)]) || {F, A} <- Cases],
    ok.

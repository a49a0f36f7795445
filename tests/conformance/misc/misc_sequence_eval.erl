-module(misc_sequence_eval).
-export([main/0]).
t(X) -> io:format("eval ~p~n", [X]), X.
main() ->
    _ = {t(1), t(2), t(3)},
    _ = [t(a), t(b)],
    _ = t(10) + t(20),
    _ = #{t(k) => t(v)},
    _ = <<(t(1)), (t(2))>>,
    _ = t(f1) =:= t(f2),
    _ = (t(true) andalso t(false)) orelse t(last),
    R = lists:map(fun t/1, [m1, m2]),
    io:format("~p~n", [R]),
    ok.

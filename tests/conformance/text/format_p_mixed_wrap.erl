-module(format_p_mixed_wrap).
-export([main/0]).
main() ->
    T = {response, 200, [{"Content-Type", "text/html; charset=utf-8"}, {"Content-Length", "12345"},
                         {"Cache-Control", "no-cache, no-store, must-revalidate"}], <<"<html><body>Hello</body></html>">>},
    io:format("~p~n", [T]),
    io:format("~p~n", [[T]]),
    io:format("~p~n", [{T, T}]),
    io:format("~p~n", [[1.5, 2.25, 3.125, 4.0625, 5.03125, 6.015625, 7.0078125, 8.00390625, 9.001953125, 10.0009765625]]),
    io:format("~p~n", [[[a, b, c], [d, e, f], [g, h, i], [j, k, l], [m, n, o], [p, q, r], [s, t, u], [v, w, x], [y, z]]]),
    io:format("~p~n", [{[], {}, [[]], {{}}, "", <<>>, #{}, [{}], {[]}, [#{}], {#{}}, aaaaaaaaaaaaaaaaaaaaaaaaaa}]),
    ok.

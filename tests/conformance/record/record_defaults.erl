-module(record_defaults).
-export([main/0]).
-record(cfg, {name = "default" :: string(), retries = 3 :: integer(), opts = [] :: list(),
              timeout = 5000, flag = false, computed = 2 * 21, nested = {a, [b]}, undef}).
main() ->
    io:format("~p~n", [#cfg{}]),
    io:format("~p~n", [#cfg{name = "x", _ = overridden}]),
    io:format("~p~n", [#cfg{retries = 0, _ = '_'}]),
    C = #cfg{},
    io:format("~p~n", [C#cfg.undef]),
    io:format("~p~n", [[#cfg.name, #cfg.retries, #cfg.undef]]),
    io:format("~p~n", [record_info(fields, cfg)]),
    ok.

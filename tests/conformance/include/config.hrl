-ifndef(CONFIG_HRL).
-define(CONFIG_HRL, true).
-define(APP_NAME, girder_test).
-define(VERSION, {1, 2, 3}).
-define(DOUBLE(X), (2 * (X))).
version_string() ->
    {Ma, Mi, Pa} = ?VERSION,
    lists:flatten(io_lib:format("~p.~p.~p", [Ma, Mi, Pa])).
-endif.

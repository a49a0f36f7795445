-module(error_badkey_badmap).
-export([main/0]).
-include("../include/err_util.hrl").
main() ->
    M = id(#{a => 1}),
    show("update :=", ?TRY(M#{b := 2})),
    show("maps:get", ?TRY(maps:get(missing, M))),
    show("maps:get tuple key", ?TRY(maps:get({k, 1}, M))),
    show("map_get", ?TRY(map_get(zz, M))),
    show("update non-map", ?TRY((id([]))#{a => 1})),
    show("update := non-map", ?TRY((id(abc))#{a := 1})),
    show("maps:get non-map", ?TRY(maps:get(a, id(abc)))),
    show("maps:put non-map", ?TRY(maps:put(a, 1, id({})))),
    show("maps:merge", ?TRY(maps:merge(M, id(x)))),
    show("maps:update", ?TRY(maps:update(q, 1, M))),
    show("map_size", ?TRY(map_size(id(<<>>)))),
    ok.

%% gen_tcp over Unix domain sockets ({local, Path}): listen, connect,
%% accept, addresses, data both ways, errors.
-module(net_tcp_local).
-export([main/0]).

main() ->
    Path = "/tmp/girder_net_local_" ++ os:getpid() ++ ".sock",
    _ = file:delete(Path),
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {ifaddr, {local, Path}}]),
    {ok, {local, Name}} = inet:sockname(L),
    io:format("listen name is the path: ~p~n", [Name =:= list_to_binary(Path)]),
    {ok, C} = gen_tcp:connect({local, Path}, 0, [binary, {active, false}]),
    {ok, S} = gen_tcp:accept(L, 5000),
    io:format("server peername: ~p~n", [inet:peername(S)]),
    io:format("client sockname: ~p~n", [inet:sockname(C)]),
    {ok, {local, Peer}} = inet:peername(C),
    io:format("client peername is the path: ~p~n", [Peer =:= list_to_binary(Path)]),
    ok = gen_tcp:send(C, <<"over a unix socket">>),
    io:format("server got: ~p~n", [gen_tcp:recv(S, 0, 5000)]),
    ok = gen_tcp:send(S, [<<"and ">>, "back"]),
    io:format("client got: ~p~n", [gen_tcp:recv(C, 8, 5000)]),
    io:format("tcp options left out: ~p~n", [inet:getopts(S, [nodelay, keepalive, active])]),
    ok = inet:setopts(S, [{active, once}]),
    ok = gen_tcp:send(C, <<"active">>),
    receive {tcp, S, D} -> io:format("active: ~p~n", [D]) after 5000 -> io:format("no message~n") end,
    io:format("same path again: ~p~n", [gen_tcp:listen(0, [{ifaddr, {local, Path}}])]),
    io:format("nobody there: ~p~n", [gen_tcp:connect({local, Path ++ ".none"}, 0, [], 5000)]),
    ok = gen_tcp:close(C),
    io:format("after peer close: ~p~n", [gen_tcp:recv(S, 0, 5000)]),
    ok = gen_tcp:close(S),
    ok = gen_tcp:close(L),
    _ = file:delete(Path),
    io:format("done~n").

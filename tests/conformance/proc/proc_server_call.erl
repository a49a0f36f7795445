-module(proc_server_call).
-export([main/0]).

%% A key-value server with call/reply matched by a fresh reference.
start() ->
    spawn(fun() -> loop(#{}) end).

loop(State) ->
    receive
        {call, From, Ref, Req} ->
            {Reply, NewState} = handle(Req, State),
            From ! {reply, Ref, Reply},
            loop(NewState);
        {cast, Req} ->
            {_, NewState} = handle(Req, State),
            loop(NewState)
    end.

handle({put, K, V}, S) -> {maps:get(K, S, undefined), S#{K => V}};
handle({get, K}, S) -> {maps:find(K, S), S};
handle({delete, K}, S) -> {maps:is_key(K, S), maps:remove(K, S)};
handle(keys, S) -> {lists:sort(maps:keys(S)), S};
handle({sleep_then, T, R}, S) -> receive after T -> {R, S} end;
handle(stop, _S) -> exit(normal);
handle(crash, _S) -> exit(crashed_on_request).

call(Server, Req) -> call(Server, Req, 5000).

call(Server, Req, Timeout) ->
    Ref = monitor(process, Server),
    Server ! {call, self(), Ref, Req},
    receive
        {reply, Ref, Reply} ->
            demonitor(Ref, [flush]),
            {ok, Reply};
        {'DOWN', Ref, process, _, Why} ->
            {error, Why}
    after Timeout ->
        demonitor(Ref, [flush]),
        {error, timeout}
    end.

main() ->
    S = start(),
    io:format("~p~n", [call(S, {put, a, 1})]),
    io:format("~p~n", [call(S, {put, a, 2})]),
    io:format("~p~n", [call(S, {get, a})]),
    io:format("~p~n", [call(S, {get, b})]),
    S ! {cast, {put, b, [x, y]}},
    io:format("~p~n", [call(S, keys)]),
    io:format("~p~n", [call(S, {delete, a})]),
    io:format("~p~n", [call(S, {delete, a})]),
    io:format("~p~n", [call(S, keys)]),
    %% a stale reply from a timed-out call does not confuse a later call
    io:format("timed out: ~p~n", [call(S, {sleep_then, 50, slow}, 5)]),
    io:format("next call: ~p~n", [call(S, {get, b})]),
    receive {reply, _, StaleReply} -> io:format("stale reply still arrives: ~p~n", [StaleReply]) end,
    %% unrelated messages in the mailbox are left alone
    self() ! {reply, make_ref(), not_for_us},
    io:format("with noise: ~p~n", [call(S, {get, b})]),
    receive {reply, _, Noise} -> io:format("noise kept: ~p~n", [Noise]) after 0 -> ok end,
    %% many clients concurrently; each checks its own replies
    Self = self(),
    Clients = [spawn(fun() ->
                         {ok, _} = call(S, {put, {client, I}, I * I}),
                         {ok, {ok, V}} = call(S, {get, {client, I}}),
                         Self ! {self(), V}
                     end) || I <- lists:seq(1, 20)],
    io:format("clients: ~p~n", [[receive {C, V} -> V end || C <- Clients]]),
    {ok, Keys} = call(S, keys),
    io:format("key count: ~p~n", [length(Keys)]),
    %% server crashes during a call: the caller gets the reason
    io:format("crash: ~p~n", [call(S, crash)]),
    io:format("call to dead server: ~p~n", [call(S, {get, a})]),
    %% a new server, stopped by a call
    S2 = start(),
    io:format("stop: ~p~n", [call(S2, stop)]),
    io:format("no stray messages: ~p~n", [process_info(self(), message_queue_len)]),
    ok.

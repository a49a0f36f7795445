%% global: the global name registry, emulated on one node. Names (any term)
%% live in a server process, global_name_server, started on first use; it
%% monitors every registered process and drops its names when it dies.
%% Enough for {global, Name} servers and {via, global, Name}; there are no
%% other nodes, locks or name conflicts to resolve.
-module(global).
-export([register_name/2, register_name/3, unregister_name/1, whereis_name/1,
         re_register_name/2, re_register_name/3, send/2, registered_names/0]).
-export([server_loop/1]).

register_name(Name, Pid) -> register_name(Name, Pid, undefined).
register_name(Name, Pid, _Resolve) when is_pid(Pid) -> request({register, Name, Pid}).

re_register_name(Name, Pid) -> re_register_name(Name, Pid, undefined).
re_register_name(Name, Pid, _Resolve) when is_pid(Pid) ->
    _ = request({unregister, Name}),
    yes = request({register, Name, Pid}),
    yes.

unregister_name(Name) -> request({unregister, Name}).

whereis_name(Name) -> request({whereis, Name}).

registered_names() -> request(names).

send(Name, Msg) ->
    case whereis_name(Name) of
        Pid when is_pid(Pid) ->
            Pid ! Msg,
            Pid;
        undefined ->
            exit({badarg, {Name, Msg}})
    end.

request(Req) ->
    Server = server(),
    Ref = erlang:monitor(process, Server),
    Server ! {Ref, self(), Req},
    receive
        {Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, _, _, _} ->
            request(Req)
    end.

server() ->
    case whereis(global_name_server) of
        undefined ->
            Pid = spawn(?MODULE, server_loop, [#{}]),
            try register(global_name_server, Pid) of
                true -> Pid
            catch
                error:badarg ->
                    exit(Pid, kill),
                    server()
            end;
        Pid ->
            Pid
    end.

%% Names: #{Name => {Pid, MonitorRef}}.
server_loop(Names) ->
    receive
        {Ref, From, {register, Name, Pid}} ->
            case maps:is_key(Name, Names) orelse is_registered(Pid, Names) of
                true ->
                    From ! {Ref, no},
                    server_loop(Names);
                false ->
                    Mon = erlang:monitor(process, Pid),
                    From ! {Ref, yes},
                    server_loop(Names#{Name => {Pid, Mon}})
            end;
        {Ref, From, {unregister, Name}} ->
            case Names of
                #{Name := {_, Mon}} -> erlang:demonitor(Mon, [flush]);
                _ -> ok
            end,
            From ! {Ref, ok},
            server_loop(maps:remove(Name, Names));
        {Ref, From, {whereis, Name}} ->
            Reply = case Names of
                        #{Name := {Pid, _}} -> Pid;
                        _ -> undefined
                    end,
            From ! {Ref, Reply},
            server_loop(Names);
        {Ref, From, names} ->
            From ! {Ref, maps:keys(Names)},
            server_loop(Names);
        {'DOWN', Mon, process, _, _} ->
            server_loop(maps:filter(fun(_, {_, M}) -> M =/= Mon end, Names));
        _ ->
            server_loop(Names)
    end.

is_registered(Pid, Names) ->
    lists:any(fun({P, _}) -> P =:= Pid end, maps:values(Names)).

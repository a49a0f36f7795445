%% gen_server: the generic server behaviour (OTP 25's API).
%%
%% The server loop carries its state in arguments: Parent, Name, State, Mod,
%% Time (what the last callback asked for: infinity, a timeout in ms,
%% hibernate or {continue, C}), HibT (the hibernate_after option) and Debug
%% (sys debug options; [] unless traced). A message costs one receive, one
%% try around the callback and one case on its result; sys events are
%% only made when Debug is not []. Callback exceptions: a throw is taken as
%% the callback's return value; anything else terminates the server
%% (terminate/2, then an error report on stderr, then the exception goes on
%% to proc_lib, which prints the crash report and ends the process).
%%
%% System messages ({system, From, Req}) go to sys:handle_system_msg/7,
%% which comes back through system_continue/3 or system_terminate/4.
-module(gen_server).
-export([start/3, start/4, start_link/3, start_link/4, start_monitor/3, start_monitor/4,
         call/2, call/3, cast/2, reply/2, abcast/2, abcast/3,
         multi_call/2, multi_call/3, multi_call/4,
         send_request/2, wait_response/2, receive_response/2, check_response/2,
         enter_loop/3, enter_loop/4, enter_loop/5, stop/1, stop/3]).
-export([init_it/6, wake_hib/6]).
-export([system_continue/3, system_terminate/4, system_code_change/4,
         system_get_state/1, system_replace_state/2, format_status/2]).

%% --- starting -------------------------------------------------------------

start(Mod, Args, Options) -> gen:start(?MODULE, nolink, Mod, Args, Options).
start(Name, Mod, Args, Options) -> gen:start(?MODULE, nolink, Name, Mod, Args, Options).
start_link(Mod, Args, Options) -> gen:start(?MODULE, link, Mod, Args, Options).
start_link(Name, Mod, Args, Options) -> gen:start(?MODULE, link, Name, Mod, Args, Options).
start_monitor(Mod, Args, Options) -> gen:start(?MODULE, monitor, Mod, Args, Options).
start_monitor(Name, Mod, Args, Options) -> gen:start(?MODULE, monitor, Name, Mod, Args, Options).

%% --- client side ----------------------------------------------------------

call(Server, Request) ->
    case catch gen:call(Server, '$gen_call', Request) of
        {ok, Reply} -> Reply;
        {'EXIT', Reason} -> exit({Reason, {?MODULE, call, [Server, Request]}})
    end.

call(Server, Request, Timeout) ->
    case catch gen:call(Server, '$gen_call', Request, Timeout) of
        {ok, Reply} -> Reply;
        {'EXIT', Reason} -> exit({Reason, {?MODULE, call, [Server, Request, Timeout]}})
    end.

cast(Server, Request) -> gen:cast(Server, Request).

reply({To, Tag}, Reply) ->
    To ! {Tag, Reply},
    ok.

abcast(Name, Request) when is_atom(Name) ->
    abcast([node()], Name, Request).

abcast(Nodes, Name, Request) when is_list(Nodes), is_atom(Name) ->
    [catch erlang:send({Name, Node}, {'$gen_cast', Request}) || Node <- Nodes, Node =:= node()],
    abcast.

multi_call(Name, Request) -> multi_call([node()], Name, Request, infinity).
multi_call(Nodes, Name, Request) -> multi_call(Nodes, Name, Request, infinity).

%% Only the local node answers; other nodes are bad nodes.
multi_call(Nodes, Name, Request, Timeout) when is_list(Nodes), is_atom(Name) ->
    lists:foldr(fun(Node, {Replies, Bad}) when Node =:= node() ->
                        case catch gen:call(Name, '$gen_call', Request, Timeout) of
                            {ok, Reply} -> {[{Node, Reply} | Replies], Bad};
                            _ -> {Replies, [Node | Bad]}
                        end;
                   (Node, {Replies, Bad}) ->
                        {Replies, [Node | Bad]}
                end, {[], []}, Nodes).

send_request(Server, Request) -> gen:send_request(Server, '$gen_call', Request).
wait_response(RequestId, Timeout) -> gen:wait_response(RequestId, Timeout).
receive_response(RequestId, Timeout) -> gen:receive_response(RequestId, Timeout).
check_response(Msg, RequestId) -> gen:check_response(Msg, RequestId).

stop(Server) -> gen:stop(Server).
stop(Server, Reason, Timeout) -> gen:stop(Server, Reason, Timeout).

%% --- enter_loop: make the calling (proc_lib-started) process a server -----

enter_loop(Mod, Options, State) ->
    enter_loop(Mod, Options, State, self(), infinity).

enter_loop(Mod, Options, State, ServerName = {Scope, _}) when Scope =:= local; Scope =:= global ->
    enter_loop(Mod, Options, State, ServerName, infinity);
enter_loop(Mod, Options, State, ServerName = {via, _, _}) ->
    enter_loop(Mod, Options, State, ServerName, infinity);
enter_loop(Mod, Options, State, Timeout) ->
    enter_loop(Mod, Options, State, self(), Timeout).

enter_loop(Mod, Options, State, ServerName, Timeout) ->
    Name = gen:name(ServerName),
    case ServerName =:= self() orelse gen:where(ServerName) =:= self() of
        true -> ok;
        false -> exit(process_not_registered)
    end,
    Parent = gen:get_parent(),
    Debug = gen:debug_options(Name, Options),
    HibT = gen:hibernate_after(Options),
    loop(Parent, Name, State, Mod, Timeout, HibT, Debug).

%% --- the server -----------------------------------------------------------

init_it(Starter, Parent, Name0, Mod, Args, Options) ->
    Name = gen:name(Name0),
    Debug = gen:debug_options(Name, Options),
    HibT = gen:hibernate_after(Options),
    case init_it(Mod, Args) of
        {ok, {ok, State}} ->
            proc_lib:init_ack(Starter, {ok, self()}),
            loop(Parent, Name, State, Mod, infinity, HibT, Debug);
        {ok, {ok, State, Time}} when Time =:= infinity; Time =:= hibernate;
                                     is_integer(Time), Time >= 0;
                                     tuple_size(Time) =:= 2, element(1, Time) =:= continue ->
            proc_lib:init_ack(Starter, {ok, self()}),
            loop(Parent, Name, State, Mod, Time, HibT, Debug);
        {ok, {stop, Reason}} ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, {error, Reason}),
            exit(Reason);
        {ok, ignore} ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, ignore),
            exit(normal);
        {ok, Else} ->
            Error = {bad_return_value, Else},
            proc_lib:init_ack(Starter, {error, Error}),
            exit(Error);
        {'EXIT', Class, Reason, Stack} ->
            gen:unregister_name(Name0),
            proc_lib:init_ack(Starter, {error, terminate_reason(Class, Reason, Stack)}),
            erlang:raise(Class, Reason, Stack)
    end.

init_it(Mod, Args) ->
    try
        {ok, Mod:init(Args)}
    catch
        throw:R -> {ok, R};
        Class:R:S -> {'EXIT', Class, R, S}
    end.

loop(Parent, Name, State, Mod, {continue, Continue} = Msg, HibT, Debug) ->
    Reply = try_dispatch(Mod, handle_continue, Continue, State),
    Debug1 = debug_in(Debug, Name, Msg),
    handle_common_reply(Reply, Parent, Name, undefined, Msg, Mod, HibT, State, Debug1);
loop(Parent, Name, State, Mod, hibernate, HibT, Debug) ->
    proc_lib:hibernate(?MODULE, wake_hib, [Parent, Name, State, Mod, HibT, Debug]);
loop(Parent, Name, State, Mod, infinity, infinity, Debug) ->
    receive
        Msg -> decode_msg(Msg, Parent, Name, State, Mod, infinity, infinity, Debug, false)
    end;
loop(Parent, Name, State, Mod, infinity, HibT, Debug) ->
    receive
        Msg -> decode_msg(Msg, Parent, Name, State, Mod, infinity, HibT, Debug, false)
    after HibT ->
            loop(Parent, Name, State, Mod, hibernate, HibT, Debug)
    end;
loop(Parent, Name, State, Mod, Time, HibT, Debug) ->
    receive
        Msg -> decode_msg(Msg, Parent, Name, State, Mod, Time, HibT, Debug, false)
    after Time ->
            decode_msg(timeout, Parent, Name, State, Mod, Time, HibT, Debug, false)
    end.

wake_hib(Parent, Name, State, Mod, HibT, Debug) ->
    receive
        Msg -> decode_msg(Msg, Parent, Name, State, Mod, hibernate, HibT, Debug, true)
    end.

decode_msg(Msg, Parent, Name, State, Mod, Time, HibT, Debug, Hib) ->
    case Msg of
        {system, From, Req} ->
            sys:handle_system_msg(Req, From, Parent, ?MODULE, Debug,
                                  [Name, State, Mod, Time, HibT], Hib);
        {'EXIT', Parent, Reason} ->
            terminate(exit, Reason, [], Reason, Name, undefined, Msg, Mod, State, Debug);
        _ when Debug =:= [] ->
            handle_msg(Msg, Parent, Name, State, Mod, HibT, []);
        _ ->
            Debug1 = sys:handle_debug(Debug, fun print_event/3, Name, {in, Msg}),
            handle_msg(Msg, Parent, Name, State, Mod, HibT, Debug1)
    end.

handle_msg({'$gen_call', From, Request} = Msg, Parent, Name, State, Mod, HibT, Debug) ->
    case try_handle_call(Mod, Request, From, State) of
        {ok, {reply, Reply, NState}} ->
            {To, Tag} = From,
            To ! {Tag, Reply},
            loop(Parent, Name, NState, Mod, infinity, HibT, debug_reply(Debug, Name, Reply, From, NState));
        {ok, {reply, Reply, NState, Time}} ->
            reply(From, Reply),
            loop(Parent, Name, NState, Mod, Time, HibT, debug_reply(Debug, Name, Reply, From, NState));
        {ok, {stop, Reason, Reply, NState}} ->
            try
                terminate(exit, Reason, [], Reason, Name, From, Msg, Mod, NState, Debug)
            after
                reply(From, Reply)
            end;
        Other ->
            handle_common_reply(Other, Parent, Name, From, Msg, Mod, HibT, State, Debug)
    end;
handle_msg(Msg, Parent, Name, State, Mod, HibT, Debug) ->
    Reply = try_dispatch(Msg, Mod, State),
    handle_common_reply(Reply, Parent, Name, undefined, Msg, Mod, HibT, State, Debug).

handle_common_reply(Reply, Parent, Name, From, Msg, Mod, HibT, State, Debug) ->
    case Reply of
        {ok, {noreply, NState}} ->
            loop(Parent, Name, NState, Mod, infinity, HibT, debug_noreply(Debug, Name, NState));
        {ok, {noreply, NState, Time}} ->
            loop(Parent, Name, NState, Mod, Time, HibT, debug_noreply(Debug, Name, NState));
        {ok, {stop, Reason, NState}} ->
            terminate(exit, Reason, [], Reason, Name, From, Msg, Mod, NState, Debug);
        {'EXIT', Class, Reason, Stack} ->
            terminate(Class, Reason, Stack, terminate_reason(Class, Reason, Stack),
                      Name, From, Msg, Mod, State, Debug);
        {ok, BadReply} ->
            Reason = {bad_return_value, BadReply},
            terminate(exit, Reason, [], Reason, Name, From, Msg, Mod, State, Debug)
    end.

try_handle_call(Mod, Request, From, State) ->
    try
        {ok, Mod:handle_call(Request, From, State)}
    catch
        throw:R -> {ok, R};
        Class:R:S -> {'EXIT', Class, R, S}
    end.

try_dispatch({'$gen_cast', Request}, Mod, State) ->
    try_dispatch(Mod, handle_cast, Request, State);
try_dispatch(Info, Mod, State) ->
    try_dispatch(Mod, handle_info, Info, State).

try_dispatch(Mod, Func, Msg, State) ->
    try
        {ok, Mod:Func(Msg, State)}
    catch
        throw:R ->
            {ok, R};
        error:undef:Stack when Func =:= handle_info ->
            %% handle_info/2 is optional: without it a message is reported
            %% and dropped.
            case erlang:function_exported(Mod, handle_info, 2) of
                false ->
                    error_logger:warning_msg("** Undefined handle_info in ~p~n"
                                             "** Unhandled message: ~tp~n", [Mod, Msg]),
                    {ok, {noreply, State}};
                true ->
                    {'EXIT', error, undef, Stack}
            end;
        Class:R:Stack ->
            {'EXIT', Class, R, Stack}
    end.

terminate_reason(error, Reason, Stack) -> {Reason, Stack};
terminate_reason(exit, Reason, _Stack) -> Reason;
terminate_reason(throw, Reason, Stack) -> {{nocatch, Reason}, Stack}.

%% terminate/2 (optional) runs, the error report is printed unless the
%% reason is normal, shutdown or {shutdown, _}, and the exception goes on.
terminate(Class, Reason, Stack, ReportReason, Name, From, Msg, Mod, State, Debug) ->
    case try_terminate(Mod, terminate_reason(Class, Reason, Stack), State) of
        {'EXIT', C, R, S} ->
            error_info({R, S}, Name, From, Msg, Mod, State, Debug),
            erlang:raise(C, R, S);
        _ ->
            case {Class, Reason} of
                {exit, normal} -> ok;
                {exit, shutdown} -> ok;
                {exit, {shutdown, _}} -> ok;
                _ -> error_info(ReportReason, Name, From, Msg, Mod, State, Debug)
            end
    end,
    case Stack of
        [] -> erlang:Class(Reason);
        _ -> erlang:raise(Class, Reason, Stack)
    end.

try_terminate(Mod, Reason, State) ->
    case erlang:function_exported(Mod, terminate, 2) of
        true ->
            try
                {ok, Mod:terminate(Reason, State)}
            catch
                throw:R -> {ok, R};
                Class:R:S -> {'EXIT', Class, R, S}
            end;
        false ->
            {ok, ok}
    end.

error_info(Reason, Name, From, Msg, Mod, State, _Debug) ->
    {FmtMsg, FmtState, FmtReason} = format_for_report(Mod, Msg, State, Reason),
    Client = case From of
                 {Pid, _} when is_pid(Pid) -> io_lib:format("** Client ~tp~n", [Pid]);
                 _ -> ""
             end,
    LastMsg = case Msg of
                  {'$gen_call', _, Req} -> Req;
                  {'$gen_cast', Req} -> {'$gen_cast', Req};
                  _ -> FmtMsg
              end,
    %% The handlers' event has OTP's format; Girder has no client stack.
    Event = case From of
                {ClientPid, _} when is_pid(ClientPid) ->
                    {"** Generic server ~tp terminating \n"
                     "** Last message in was ~tp~n"
                     "** When Server state == ~tp~n"
                     "** Reason for termination ==~n** ~tp~n"
                     "** Client ~tp stacktrace~n** ~tp~n",
                     [Name, LastMsg, FmtState, FmtReason, client_name(ClientPid), []]};
                _ ->
                    {"** Generic server ~tp terminating \n"
                     "** Last message in was ~tp~n"
                     "** When Server state == ~tp~n"
                     "** Reason for termination ==~n** ~tp~n",
                     [Name, LastMsg, FmtState, FmtReason]}
            end,
    error_logger:girder_report(
      "ERROR REPORT",
      [io_lib:format("** Generic server ~tp terminating \n"
                     "** Last message in was ~tp~n"
                     "** When Server state == ~tp~n"
                     "** Reason for termination ==~n** ~tp~n",
                     [Name, LastMsg, FmtState, FmtReason]),
       Client],
      {error, group_leader(), erlang:insert_element(1, Event, self())}).

client_name(Pid) ->
    case erlang:process_info(Pid, registered_name) of
        {registered_name, Name} -> Name;
        _ -> Pid
    end.

%% format_status/1 (OTP 25's map form) or format_status/2 may hide parts of
%% the state from reports.
format_for_report(Mod, Msg, State, Reason) ->
    case erlang:function_exported(Mod, format_status, 1) of
        true ->
            try Mod:format_status(#{state => State, message => Msg, reason => Reason, log => []}) of
                #{} = M ->
                    {maps:get(message, M, Msg), maps:get(state, M, State), maps:get(reason, M, Reason)}
            catch
                _:_ -> {Msg, State, Reason}
            end;
        false ->
            case erlang:function_exported(Mod, format_status, 2) of
                true ->
                    try Mod:format_status(terminate, [get(), State]) of
                        S -> {Msg, S, Reason}
                    catch
                        _:_ -> {Msg, State, Reason}
                    end;
                false ->
                    {Msg, State, Reason}
            end
    end.

%% --- sys: debug events ----------------------------------------------------

debug_in([], _Name, _Msg) -> [];
debug_in(Debug, Name, Msg) -> sys:handle_debug(Debug, fun print_event/3, Name, {in, Msg}).

debug_reply([], _Name, _Reply, _From, _State) -> [];
debug_reply(Debug, Name, Reply, {To, _}, State) ->
    sys:handle_debug(Debug, fun print_event/3, Name, {out, Reply, To, State}).

debug_noreply([], _Name, _State) -> [];
debug_noreply(Debug, Name, State) ->
    sys:handle_debug(Debug, fun print_event/3, Name, {noreply, State}).

print_event(Dev, {in, Msg}, Name) ->
    case Msg of
        {'$gen_call', {From, _Tag}, Call} ->
            io:format(Dev, "*DBG* ~tp got call ~tp from ~tw~n", [Name, Call, From]);
        {'$gen_cast', Cast} ->
            io:format(Dev, "*DBG* ~tp got cast ~tp~n", [Name, Cast]);
        {continue, Cont} ->
            io:format(Dev, "*DBG* ~tp continue ~tp~n", [Name, Cont]);
        _ ->
            io:format(Dev, "*DBG* ~tp got ~tp~n", [Name, Msg])
    end;
print_event(Dev, {out, Msg, To, State}, Name) ->
    io:format(Dev, "*DBG* ~tp sent ~tp to ~tw, new state ~tp~n", [Name, Msg, To, State]);
print_event(Dev, {noreply, State}, Name) ->
    io:format(Dev, "*DBG* ~tp new state ~tp~n", [Name, State]);
print_event(Dev, Event, Name) ->
    io:format(Dev, "*DBG* ~tp dbg  ~tp~n", [Name, Event]).

%% --- sys callbacks --------------------------------------------------------

system_continue(Parent, Debug, [Name, State, Mod, Time, HibT]) ->
    loop(Parent, Name, State, Mod, Time, HibT, Debug).

system_terminate(Reason, _Parent, Debug, [Name, State, Mod, _Time, _HibT]) ->
    terminate(exit, Reason, [], Reason, Name, undefined, [], Mod, State, Debug).

system_code_change([Name, State, Mod, Time, HibT], _Module, OldVsn, Extra) ->
    case catch Mod:code_change(OldVsn, State, Extra) of
        {ok, NewState} -> {ok, [Name, NewState, Mod, Time, HibT]};
        Else -> Else
    end.

system_get_state([_Name, State, _Mod, _Time, _HibT]) ->
    {ok, State}.

system_replace_state(StateFun, [Name, State, Mod, Time, HibT]) ->
    NState = StateFun(State),
    {ok, NState, [Name, NState, Mod, Time, HibT]}.

format_status(Opt, [PDict, SysState, Parent, Debug, [Name, State, Mod, _Time, _HibT]]) ->
    Header = gen:format_status_header("Status for generic server", Name),
    Log = sys:get_log(Debug),
    Specific = case erlang:function_exported(Mod, format_status, 2) of
                   true ->
                       case catch Mod:format_status(Opt, [PDict, State]) of
                           {'EXIT', _} -> [{data, [{"State", State}]}];
                           L when is_list(L) -> L;
                           S -> [S]
                       end;
                   false ->
                       [{data, [{"State", State}]}]
               end,
    [{header, Header},
     {data, [{"Status", SysState}, {"Parent", Parent}, {"Logged events", Log}]}
     | Specific].

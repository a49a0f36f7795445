%% sys: the system-message protocol of OTP processes, and debug options.
%%
%% Client side: each function sends {system, From, Request} with gen:call
%% (label `system') and returns the reply; a failed call exits with
%% {Reason, {sys, Function, Args}}.
%%
%% Process side: a behaviour's loop hands {system, From, Request} to
%% handle_system_msg/6,7, which answers it and continues in the behaviour's
%% Mod:system_continue(Parent, Debug, Misc) (or, suspended, waits here for
%% resume, answering other system messages and leaving the rest queued), or
%% ends in Mod:system_terminate(Reason, Parent, Debug, Misc).
%%
%% Debug is a list of {trace, true}, {log, {Max, Events}} and
%% {statistics, {StartTime, Reductions, In, Out}}; handle_debug/4 records an
%% event in each.
-module(sys).
-export([get_state/1, get_state/2, replace_state/2, replace_state/3,
         get_status/1, get_status/2, suspend/1, suspend/2, resume/1, resume/2,
         change_code/4, change_code/5, terminate/2, terminate/3,
         statistics/2, statistics/3, trace/2, trace/3, log/2, log/3, no_debug/1, no_debug/2]).
-export([handle_system_msg/6, handle_system_msg/7, handle_debug/4, debug_options/1,
         get_log/1, print_log/1]).

-define(TIMEOUT, 5000).

%% --- client side ----------------------------------------------------------

get_state(Name) -> get_state(Name, ?TIMEOUT).
get_state(Name, Timeout) ->
    case send_system_msg(Name, get_state, Timeout, get_state, [Name]) of
        {error, {callback_failed, _, _} = Failure} -> erlang:error(Failure);
        State -> State
    end.

replace_state(Name, Fun) -> replace_state(Name, Fun, ?TIMEOUT).
replace_state(Name, Fun, Timeout) ->
    case send_system_msg(Name, {replace_state, Fun}, Timeout, replace_state, [Name, Fun]) of
        {error, {callback_failed, _, _} = Failure} -> erlang:error(Failure);
        State -> State
    end.

get_status(Name) -> get_status(Name, ?TIMEOUT).
get_status(Name, Timeout) -> send_system_msg(Name, get_status, Timeout, get_status, [Name]).

suspend(Name) -> suspend(Name, ?TIMEOUT).
suspend(Name, Timeout) -> send_system_msg(Name, suspend, Timeout, suspend, [Name]).

resume(Name) -> resume(Name, ?TIMEOUT).
resume(Name, Timeout) -> send_system_msg(Name, resume, Timeout, resume, [Name]).

change_code(Name, Mod, Vsn, Extra) -> change_code(Name, Mod, Vsn, Extra, ?TIMEOUT).
change_code(Name, Mod, Vsn, Extra, Timeout) ->
    send_system_msg(Name, {change_code, Mod, Vsn, Extra}, Timeout,
                    change_code, [Name, Mod, Vsn, Extra]).

terminate(Name, Reason) -> terminate(Name, Reason, infinity).
terminate(Name, Reason, Timeout) ->
    send_system_msg(Name, {terminate, Reason}, Timeout, terminate, [Name, Reason]).

statistics(Name, Flag) -> statistics(Name, Flag, ?TIMEOUT).
statistics(Name, Flag, Timeout) ->
    send_system_msg(Name, {debug, {statistics, Flag}}, Timeout, statistics, [Name, Flag]).

trace(Name, Flag) -> trace(Name, Flag, ?TIMEOUT).
trace(Name, Flag, Timeout) ->
    send_system_msg(Name, {debug, {trace, Flag}}, Timeout, trace, [Name, Flag]).

log(Name, Flag) -> log(Name, Flag, ?TIMEOUT).
log(Name, Flag, Timeout) ->
    send_system_msg(Name, {debug, {log, Flag}}, Timeout, log, [Name, Flag]).

no_debug(Name) -> no_debug(Name, ?TIMEOUT).
no_debug(Name, Timeout) ->
    send_system_msg(Name, {debug, no_debug}, Timeout, no_debug, [Name]).

send_system_msg(Name, Request, Timeout, F, Args) ->
    case catch gen:call(Name, system, Request, Timeout) of
        {ok, Reply} -> Reply;
        {'EXIT', Reason} -> exit({Reason, {sys, F, Args}})
    end.

%% --- process side ---------------------------------------------------------

handle_system_msg(Msg, From, Parent, Mod, Debug, Misc) ->
    handle_system_msg(running, Msg, From, Parent, Mod, Debug, Misc, false).

handle_system_msg(Msg, From, Parent, Mod, Debug, Misc, Hib) ->
    handle_system_msg(running, Msg, From, Parent, Mod, Debug, Misc, Hib).

handle_system_msg(SysState, Msg, From, Parent, Mod, Debug, Misc, Hib) ->
    case do_cmd(SysState, Msg, Parent, Mod, Debug, Misc) of
        {suspended, Reply, NDebug, NMisc} ->
            gen:reply(From, Reply),
            suspend_loop(Parent, Mod, NDebug, NMisc, Hib);
        {running, Reply, NDebug, NMisc} ->
            gen:reply(From, Reply),
            Mod:system_continue(Parent, NDebug, NMisc);
        {{terminating, Reason}, Reply, NDebug, NMisc} ->
            gen:reply(From, Reply),
            Mod:system_terminate(Reason, Parent, NDebug, NMisc)
    end.

%% Suspended: only system messages and the parent's exit are taken.
suspend_loop(Parent, Mod, Debug, Misc, Hib) ->
    receive
        {system, From, Msg} ->
            handle_system_msg(suspended, Msg, From, Parent, Mod, Debug, Misc, Hib);
        {'EXIT', Parent, Reason} ->
            Mod:system_terminate(Reason, Parent, Debug, Misc)
    end.

do_cmd(_, suspend, _Parent, _Mod, Debug, Misc) ->
    {suspended, ok, Debug, Misc};
do_cmd(_, resume, _Parent, _Mod, Debug, Misc) ->
    {running, ok, Debug, Misc};
do_cmd(SysState, get_state, _Parent, Mod, Debug, Misc) ->
    {SysState, do_get_state(Mod, Misc), Debug, Misc};
do_cmd(SysState, {replace_state, Fun}, _Parent, Mod, Debug, Misc) ->
    {Result, NMisc} = do_replace_state(Fun, Mod, Misc),
    {SysState, Result, Debug, NMisc};
do_cmd(SysState, get_status, Parent, Mod, Debug, Misc) ->
    {SysState, get_status(SysState, Parent, Mod, Debug, Misc), Debug, Misc};
do_cmd(SysState, {debug, What}, _Parent, _Mod, Debug, Misc) ->
    {Reply, NDebug} = debug_cmd(What, Debug),
    {SysState, Reply, NDebug, Misc};
do_cmd(_, {terminate, Reason}, _Parent, _Mod, Debug, Misc) ->
    {{terminating, Reason}, ok, Debug, Misc};
do_cmd(suspended, {change_code, Module, Vsn, Extra}, _Parent, Mod, Debug, Misc) ->
    case catch Mod:system_code_change(Misc, Module, Vsn, Extra) of
        {ok, NMisc} -> {suspended, ok, Debug, NMisc};
        Else -> {suspended, Else, Debug, Misc}
    end;
do_cmd(SysState, Other, _Parent, _Mod, Debug, Misc) ->
    {SysState, {error, {unknown_system_msg, Other}}, Debug, Misc}.

do_get_state(Mod, Misc) ->
    case erlang:function_exported(Mod, system_get_state, 1) of
        true ->
            try Mod:system_get_state(Misc) of
                {ok, State} -> State
            catch
                Class:Reason -> {error, {callback_failed, {Mod, system_get_state}, {Class, Reason}}}
            end;
        false ->
            Misc
    end.

do_replace_state(Fun, Mod, Misc) ->
    case erlang:function_exported(Mod, system_replace_state, 2) of
        true ->
            try Mod:system_replace_state(Fun, Misc) of
                {ok, State, NMisc} -> {State, NMisc}
            catch
                Class:Reason ->
                    {{error, {callback_failed, {Mod, system_replace_state}, {Class, Reason}}}, Misc}
            end;
        false ->
            try Fun(Misc) of
                NMisc -> {NMisc, NMisc}
            catch
                Class:Reason -> {{error, {callback_failed, {Mod, system_replace_state}, {Class, Reason}}}, Misc}
            end
    end.

get_status(SysState, Parent, Mod, Debug, Misc) ->
    PDict = get(),
    Status = case erlang:function_exported(Mod, format_status, 2) of
                 true ->
                     case catch Mod:format_status(normal, [PDict, SysState, Parent, Debug, Misc]) of
                         {'EXIT', _} -> Misc;
                         Else -> Else
                     end;
                 false ->
                     Misc
             end,
    {status, self(), {module, Mod}, [PDict, SysState, Parent, Debug, Status]}.

debug_cmd({trace, true}, Debug) ->
    {ok, set_debug(trace, true, Debug)};
debug_cmd({trace, false}, Debug) ->
    {ok, lists:keydelete(trace, 1, Debug)};
debug_cmd({log, true}, Debug) ->
    {ok, set_debug(log, {10, logged(Debug)}, Debug)};
debug_cmd({log, {true, N}}, Debug) when is_integer(N), N > 0 ->
    {ok, set_debug(log, {N, logged(Debug)}, Debug)};
debug_cmd({log, false}, Debug) ->
    {ok, lists:keydelete(log, 1, Debug)};
debug_cmd({log, get}, Debug) ->
    {{ok, lists:reverse(logged(Debug))}, Debug};
debug_cmd({log, print}, Debug) ->
    print_log(Debug),
    {ok, Debug};
debug_cmd({statistics, true}, Debug) ->
    {ok, set_debug(statistics, init_stats(), Debug)};
debug_cmd({statistics, false}, Debug) ->
    {ok, lists:keydelete(statistics, 1, Debug)};
debug_cmd({statistics, get}, Debug) ->
    case lists:keyfind(statistics, 1, Debug) of
        {statistics, {Start, Reds0, In, Out}} ->
            {reductions, Reds} = erlang:process_info(self(), reductions),
            {{ok, [{start_time, Start}, {current_time, erlang:localtime()},
                   {reductions, Reds - Reds0}, {messages_in, In}, {messages_out, Out}]},
             Debug};
        false ->
            {{ok, no_statistics}, Debug}
    end;
debug_cmd(no_debug, _Debug) ->
    {ok, []};
debug_cmd(_, Debug) ->
    {unknown_debug, Debug}.

set_debug(Key, Value, Debug) ->
    lists:keystore(Key, 1, Debug, {Key, Value}).

logged(Debug) ->
    case lists:keyfind(log, 1, Debug) of
        {log, {_, Events}} -> Events;
        false -> []
    end.

init_stats() ->
    {reductions, Reds} = erlang:process_info(self(), reductions),
    {erlang:localtime(), Reds, 0, 0}.

%% --- debug options and events ---------------------------------------------

%% The options of {debug, Opts} in a start call.
debug_options(Options) ->
    lists:foldl(fun(trace, D) -> set_debug(trace, true, D);
                   (log, D) -> set_debug(log, {10, []}, D);
                   ({log, N}, D) when is_integer(N), N > 0 -> set_debug(log, {N, []}, D);
                   (statistics, D) -> set_debug(statistics, init_stats(), D);
                   (_, D) -> D
                end, [], Options).

handle_debug([], _FormFunc, _Extra, _Event) ->
    [];
handle_debug(Debug, FormFunc, Extra, Event) ->
    [debug_event(D, FormFunc, Extra, Event) || D <- Debug].

debug_event({trace, true} = D, FormFunc, Extra, Event) ->
    FormFunc(standard_io, Event, Extra),
    D;
debug_event({log, {Max, Events}}, FormFunc, Extra, Event) ->
    {log, {Max, lists:sublist([{Event, Extra, FormFunc} | Events], Max)}};
debug_event({statistics, {Start, Reds, In, Out}}, _FormFunc, _Extra, Event) ->
    case Event of
        {in, _} -> {statistics, {Start, Reds, In + 1, Out}};
        {in, _, _} -> {statistics, {Start, Reds, In + 1, Out}};
        {out, _, _} -> {statistics, {Start, Reds, In, Out + 1}};
        {out, _, _, _} -> {statistics, {Start, Reds, In, Out + 1}};
        _ -> {statistics, {Start, Reds, In, Out}}
    end;
debug_event(D, _FormFunc, _Extra, _Event) ->
    D.

get_log(Debug) ->
    [Event || {Event, _, _} <- lists:reverse(logged(Debug))].

print_log(Debug) ->
    lists:foreach(fun({Event, Extra, FormFunc}) -> FormFunc(standard_io, Event, Extra) end,
                  lists:reverse(logged(Debug))).

-module(sys_basic).
-behaviour(gen_server).
-export([main/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, code_change/3, format_status/2]).

quiet() -> catch logger:set_primary_config(level, none), ok.

init(N) -> {ok, N}.
handle_call(get, _From, S) -> {reply, S, S};
handle_call(inc, _From, S) -> {reply, S + 1, S + 1}.
handle_cast(inc, S) -> {noreply, S + 1}.
handle_info(_, S) -> {noreply, S}.
code_change(Old, S, Extra) -> {ok, {changed, Old, S, Extra}}.
format_status(_Opt, [_PDict, State]) -> [{data, [{"Counter", State}]}].

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

main() ->
    quiet(),
    {ok, P} = gen_server:start({local, counter}, ?MODULE, 10, []),
    show("get_state", sys:get_state(counter)),
    show("replace_state", sys:replace_state(counter, fun(S) -> S * 2 end)),
    show("after replace", gen_server:call(counter, get)),
    show("suspend", sys:suspend(counter)),
    gen_server:cast(counter, inc),
    show("call while suspended", element(1, element(2, catch gen_server:call(counter, get, 100)))),
    show("get_state while suspended", sys:get_state(counter)),
    show("change_code", sys:change_code(counter, ?MODULE, "1", extra)),
    show("state after change", sys:get_state(counter)),
    sys:replace_state(counter, fun({changed, _, S, _}) -> S end),
    show("resume", sys:resume(counter)),
    receive after 20 -> ok end,
    flush_replies(),
    show("after resume", gen_server:call(counter, get)),
    show("change_code running", sys:change_code(counter, ?MODULE, "1", extra)),
    {status, SP, Mod, [_PDict, SysState, Parent, Debug, Misc]} = sys:get_status(counter),
    show("status", {SP =:= P, Mod, SysState, Parent =:= P, Debug}),
    [{header, H}, {data, [{"Status", St}, {"Parent", Pa}, {"Logged events", Ev}]} | Rest] = Misc,
    show("status misc", {H, St, Pa =:= P, Ev, Rest}),
    show("statistics off", sys:statistics(counter, get)),
    ok = sys:statistics(counter, true),
    gen_server:call(counter, inc),
    gen_server:cast(counter, inc),
    {ok, Stats} = sys:statistics(counter, get),
    show("stats", [{K, V} || {K, V} <- Stats, K =:= messages_in orelse K =:= messages_out]),
    ok = sys:statistics(counter, false),
    show("trace on", sys:trace(counter, true)),
    gen_server:cast(counter, inc),
    counter ! hello,
    show("trace off", sys:trace(counter, false)),
    ok = sys:log(counter, true),
    gen_server:call(counter, inc),
    {ok, Log} = sys:log(counter, get),
    show("log", length(Log)),
    ok = sys:log(counter, false),
    show("no_debug", sys:no_debug(counter)),
    show("get_state noproc", catch sys:get_state(nobody)),
    show("replace crash", element(1, element(2, catch sys:replace_state(counter, fun(_) -> erlang:error(oops) end)))),
    show("still alive", gen_server:call(counter, get)),
    show("terminate", sys:terminate(counter, normal)),
    receive after 20 -> ok end,
    show("gone", whereis(counter)),
    ok.

flush_replies() ->
    receive {_, 21} -> ok after 0 -> ok end.

-module(gen_event_basic).
-export([main/0, init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).
init(crash) -> erlang:error(bad_init);
init({error, R}) -> {error, R};
init(weird) -> weird;
init(S) -> {ok, S}.
handle_event(crash, _S) -> erlang:error(ev_crash);
handle_event(remove, _S) -> remove_handler;
handle_event(E, S) -> io:format("~p got ~p~n", [S, E]), {ok, S}.
handle_call(get, S) -> {ok, S, S};
handle_call(crash, _S) -> erlang:error(call_crash);
handle_call(remove, _S) -> {remove_handler, removed}.
handle_info(I, S) -> io:format("~p info ~p~n", [S, I]), {ok, S}.
terminate({error, {'EXIT', {R, St}}}, S) when is_list(St) -> io:format("~p terminate crash ~p~n", [S, R]), {terminated, S};
terminate(Arg, S) -> io:format("~p terminate ~p~n", [S, Arg]), {terminated, S}.
main() ->
    catch logger:set_primary_config(level, none),
    {ok, N} = gen_event:start({local, named_mgr}),
    io:format("named: ~p ~p~n", [whereis(named_mgr) =:= N, gen_event:which_handlers(named_mgr)]),
    ok = gen_event:stop(named_mgr),
    io:format("initial call: ~p~n", [proc_lib:translate_initial_call(N)]),
    {ok, M} = gen_event:start_link(),
    io:format("~p~n", [gen_event:add_handler(M, gen_event_basic, one)]),
    io:format("~p~n", [gen_event:add_handler(M, {gen_event_basic, 2}, two)]),
    io:format("~p~n", [gen_event:add_handler(M, gen_event_basic, dup)]),
    io:format("~p~n", [element(1, element(2, gen_event:add_handler(M, {gen_event_basic, 3}, crash)))]),
    io:format("~p~n", [gen_event:add_handler(M, {gen_event_basic, 4}, {error, nope})]),
    io:format("~p~n", [gen_event:add_handler(M, {gen_event_basic, 5}, weird)]),
    io:format("~p~n", [gen_event:which_handlers(M)]),
    ok = gen_event:notify(M, hello),
    ok = gen_event:sync_notify(M, world),
    M ! info,
    io:format("~p~n", [gen_event:call(M, gen_event_basic, get)]),
    io:format("~p~n", [gen_event:call(M, {gen_event_basic, 2}, get)]),
    io:format("~p~n", [gen_event:call(M, nope, get)]),
    io:format("~p~n", [element(1, gen_event:call(M, {gen_event_basic, 2}, crash))]),
    io:format("~p~n", [gen_event:which_handlers(M)]),
    io:format("~p~n", [gen_event:add_sup_handler(M, {gen_event_basic, 6}, six)]),
    io:format("~p~n", [gen_event:call(M, {gen_event_basic, 6}, remove)]),
    receive X -> io:format("got ~p~n", [X]) after 100 -> ok end,
    io:format("~p~n", [gen_event:add_sup_handler(M, {gen_event_basic, 7}, seven)]),
    ok = gen_event:sync_notify(M, crash),
    receive Y -> io:format("got ~p~n", [element(1, Y)]) after 100 -> ok end,
    io:format("~p~n", [gen_event:delete_handler(M, gen_event_basic, bye)]),
    io:format("~p~n", [gen_event:delete_handler(M, gen_event_basic, bye)]),
    io:format("~p~n", [gen_event:swap_handler(M, {{gen_event_basic, 5}, swap1}, {{gen_event_basic, 8}, eight})]),
    io:format("~p~n", [gen_event:which_handlers(M)]),
    ok = gen_event:notify(M, remove),
    io:format("~p~n", [gen_event:which_handlers(M)]),
    ok = gen_event:add_handler(M, {gen_event_basic, 9}, nine),
    io:format("~p~n", [gen_event:stop(M)]),
    io:format("~p~n", [element(1, element(2, catch gen_event:notify(nobody, x)))]),
    io:format("~p~n", [element(1, element(2, catch gen_event:call(M, gen_event_basic, x)))]),
    io:format("~p~n", [catch gen_event:sync_notify(M, x)]),
    ok.

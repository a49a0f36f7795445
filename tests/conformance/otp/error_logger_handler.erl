%% error_logger report handlers against OTP 25: the events a gen_event
%% handler added with add_report_handler/1,2 receives from error_msg,
%% warning_msg, info_msg, the _report functions (standard and own types),
%% format/2, a proc_lib crash and a gen_server crash; which_report_handlers,
%% delete_report_handler, warning_map. tty(false) keeps OTP's default
%% handler off stdout. This module is also the crashing gen_server.
-module(error_logger_handler).
-behaviour(gen_event).
-export([main/0, init/1, handle_event/2, handle_call/2, handle_call/3, handle_cast/2,
         handle_info/2, terminate/2]).

%% gen_event side
init(gen_server) -> {ok, server_state};
init(Arg) -> io:format("init ~p~n", [Arg]), {ok, Arg}.

handle_event({Tag, GL, {Pid, Type, Data}}, S) when is_list(Type) ->
    io:format("~p: ~p gl ~p self ~p format ~p args ~p~n",
              [S, Tag, is_pid(GL), Pid =:= whereis(tester), Type, length(Data)]),
    %% Only our own texts: a server's report holds pids and stack traces.
    Pid =:= whereis(tester) andalso
        io:format("  text: ~ts", [try io_lib:format(Type, Data) catch _:_ -> "bad format\n" end]),
    Pid =:= whereis(tester) orelse
        io:format("  args 3 and 5: ~p~n", [[lists:nth(3, Data), lists:nth(5, Data)]]),
    {ok, S};
handle_event({Tag, GL, {Pid, Type, Report}}, S) ->
    io:format("~p: ~p gl ~p self ~p type ~p~n", [S, Tag, is_pid(GL), Pid =:= whereis(tester), Type]),
    case Type of
        crash_report ->
            [Items, Neighbours] = Report,
            io:format("  keys ~p~n  neighbours ~p~n  error_info ~p~n",
                      [[K || {K, _} <- Items], Neighbours,
                       element(2, element(2, lists:keyfind(error_info, 1, Items)))]);
        _ ->
            io:format("  report ~p~n", [Report])
    end,
    {ok, S};
handle_event(Other, S) ->
    io:format("~p: other ~p~n", [S, Other]),
    {ok, S}.

handle_call(Req, S) -> {ok, {reply, Req}, S}.
handle_info(_, server_state) -> {noreply, server_state};
handle_info(I, S) -> io:format("info ~p~n", [I]), {ok, S}.
terminate(_R, server_state) -> ok;
terminate(R, S) -> io:format("terminate ~p ~p~n", [R, S]), ok.

%% gen_server side
handle_call(crash, _From, _S) -> erlang:error(bang).
handle_cast(stop_badly, _S) -> exit(cast_reason).

sync() -> _ = error_logger:which_report_handlers(), ok.

main() ->
    register(tester, self()),
    io:format("warning_map ~p~n", [error_logger:warning_map()]),
    io:format("which ~p~n", [error_logger:which_report_handlers()]),
    io:format("delete none ~p~n", [error_logger:delete_report_handler(?MODULE)]),
    io:format("tty ~p~n", [error_logger:tty(false)]),
    io:format("add ~p~n", [error_logger:add_report_handler(?MODULE, first)]),
    io:format("which ~p~n", [error_logger:which_report_handlers()]),
    R = [error_logger:error_msg("e1~n"), error_logger:error_msg("e2 ~p~n", [x]),
         error_logger:warning_msg("w1~n"), error_logger:warning_msg("w2 ~p~n", [y]),
         error_logger:info_msg("i1~n"), error_logger:info_msg("i2 ~p~n", [z]),
         error_logger:error_report([{a, 1}, b]), error_logger:error_report(my_type, "text"),
         error_logger:warning_report([{a, 1}]), error_logger:warning_report(wtype, {x}),
         error_logger:info_report([{a, 1}]), error_logger:info_report(itype, [c]),
         error_logger:format("f ~p~n", [1]), error_logger:error_msg("bad ~p~n", []),
         error_logger:error_report(progress, [{a, 1}]), error_logger:info_report(progress, [{a, 1}]),
         error_logger:error_msg("~ts~n", [<<"ünï"/utf8>>])],
    io:format("results ~p~n", [R]),
    sync(),
    io:format("-- a proc_lib crash~n"),
    P = proc_lib:spawn(fun() -> exit(boom) end),
    Ref = monitor(process, P),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    sync(),
    io:format("-- a gen_server crash~n"),
    {ok, G} = gen_server:start(?MODULE, gen_server, []),
    %% The crash report is handled (and printed) before "call": sync()
    %% first, as two processes printing would otherwise race.
    Crash = element(1, element(1, element(2, catch gen_server:call(G, crash)))),
    sync(),
    io:format("call ~p~n", [Crash]),
    io:format("-- a second handler, from another process~n"),
    io:format("which ~p~n", [error_logger:which_report_handlers()]),
    Self = self(),
    spawn(fun() -> error_logger:error_report(from_other), Self ! done end),
    receive done -> ok end,
    sync(),
    io:format("delete ~p~n", [error_logger:delete_report_handler(?MODULE)]),
    io:format("delete again ~p~n", [error_logger:delete_report_handler(?MODULE)]),
    io:format("which ~p~n", [error_logger:which_report_handlers()]),
    io:format("add ~p~n", [error_logger:add_report_handler(?MODULE)]),
    error_logger:warning_msg("last~n"),
    sync(),
    io:format("delete ~p~n", [error_logger:delete_report_handler(?MODULE)]),
    error_logger:error_msg("nobody listens~n"),
    io:format("tty ~p~n", [error_logger:tty(true)]),
    io:format("tty ~p~n", [error_logger:tty(false)]),
    ok.

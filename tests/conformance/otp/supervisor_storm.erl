-module(supervisor_storm).
-behaviour(supervisor).
-export([main/0, init/1, start_crasher/1, crasher/1, counter/1, start_flaky/0]).

%% Children that crash as soon as they start: the supervisor restarts them
%% until it has done more than `intensity' restarts within `period' seconds,
%% then gives up and exits with reason shutdown.
quiet() -> catch logger:set_primary_config(level, none), ok.

counter(N) ->
    receive
        start -> counter(N + 1);
        {get, From} -> From ! {count, N}, counter(N)
    end.

count() ->
    starts ! {get, self()},
    receive {count, N} -> N end.

start_crasher(Delay) ->
    starts ! start,
    {ok, spawn_link(?MODULE, crasher, [Delay])}.

%% Starts once; every later start fails.
start_flaky() ->
    case count() of
        0 -> start_crasher(10);
        _ -> starts ! start, {error, no_more}
    end.

crasher(Delay) ->
    receive after Delay -> exit(boom) end.

init({Strategy, Intensity, Period, N}) ->
    {ok, {{Strategy, Intensity, Period},
          [#{id => {crasher, I}, start => {?MODULE, start_crasher, [5 * I]}} || I <- lists:seq(1, N)]}}.

run(Args) ->
    register(starts, spawn(?MODULE, counter, [0])),
    {ok, S} = supervisor:start_link(?MODULE, Args),
    receive
        {'EXIT', S, Reason} -> io:format("~p: supervisor exit ~p after ~p starts~n", [Args, Reason, count()])
    after 5000 ->
            io:format("~p: still running~n", [Args])
    end,
    exit(whereis(starts), kill),
    receive after 10 -> ok end.

main() ->
    quiet(),
    process_flag(trap_exit, true),
    run({one_for_one, 3, 5, 1}),
    run({one_for_one, 0, 5, 1}),
    run({one_for_one, 5, 10, 2}),
    run({one_for_all, 2, 5, 3}),
    run({rest_for_one, 4, 5, 2}),
    %% a child that fails to restart is retried, each try counting
    register(starts, spawn(?MODULE, counter, [0])),
    {ok, S} = supervisor:start_link({local, retry_sup}, ?MODULE, {one_for_one, 3, 5, 0}),
    {ok, _} = supervisor:start_child(S, #{id => flaky, start => {?MODULE, start_flaky, []}}),
    io:format("children: ~p~n", [length(supervisor:which_children(S))]),
    receive {'EXIT', S, R} -> io:format("retry_sup exit ~p after ~p starts~n", [R, count()]) after 5000 -> io:format("still running~n") end,
    ok.

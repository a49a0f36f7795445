-module(proc_group_leader).
-export([main/0, say/2]).

say(Parent, Text) ->
    io:format("~s from spawn/3~n", [Text]),
    Parent ! {said, self()}.

main() ->
    Self = self(),
    GL = group_leader(),
    io:format("group_leader is pid: ~p~n", [is_pid(GL)]),
    io:format("group_leader is not self: ~p~n", [GL =/= self()]),
    %% a spawned process inherits the group leader
    spawn(fun() -> Self ! {gl, group_leader()} end),
    receive {gl, CGL} -> io:format("child has same group leader: ~p~n", [CGL =:= GL]) end,
    %% process_info agrees
    {group_leader, PGL} = process_info(self(), group_leader),
    io:format("process_info group_leader: ~p~n", [PGL =:= GL]),
    %% output from a spawned process appears on stdout; synchronise for order
    io:format("before child~n"),
    P = spawn(fun() -> io:format("hello from child ~p~n", [42]), Self ! {printed, self()} end),
    receive {printed, P} -> ok end,
    io:format("after child~n"),
    %% io:format is synchronous: output of several children in a fixed order
    [begin
         C = spawn(fun() -> io:format("child ~p says ~s~n", [I, lists:duplicate(I, $*)]), Self ! {printed, self()} end),
         receive {printed, C} -> ok end
     end || I <- lists:seq(1, 5)],
    %% spawn/3
    S = spawn(?MODULE, say, [Self, "hi"]),
    receive {said, S} -> ok end,
    %% io:put_chars and io:nl from a child
    P2 = spawn(fun() -> io:put_chars("put_chars from child"), io:nl(), Self ! {printed, self()} end),
    receive {printed, P2} -> ok end,
    %% grandchild
    P3 = spawn(fun() ->
                   Me = self(),
                   G = spawn(fun() -> io:format("grandchild prints, same leader: ~p~n", [group_leader() =:= GL]),
                                      Me ! done end),
                   receive done -> ok end,
                   _ = G,
                   Self ! {printed, self()}
               end),
    receive {printed, P3} -> ok end,
    %% a child prints then crashes; the printed line is still there
    {P4, M4} = spawn_monitor(fun() -> io:format("last words~n"), exit(bye) end),
    receive {'DOWN', M4, process, P4, R4} -> io:format("child exited: ~p~n", [R4]) end,
    %% the explicit standard_io device from a child
    P5 = spawn(fun() -> io:format(standard_io, "explicit standard_io~n", []), Self ! {printed, self()} end),
    receive {printed, P5} -> ok end,
    %% io_lib in a child, printed by the parent
    spawn(fun() -> Self ! {text, io_lib:format("~p-~p", [a, 1])} end),
    receive {text, T} -> io:format("~s~n", [T]) end,
    %% group_leader/2 to give a child our own group leader explicitly
    P6 = spawn(fun() -> receive go -> io:format("after group_leader/2: ~p~n", [group_leader() =:= GL]),
                                      Self ! {printed, self()} end end),
    io:format("group_leader/2 returns: ~p~n", [group_leader(GL, P6)]),
    P6 ! go,
    receive {printed, P6} -> ok end,
    ok.

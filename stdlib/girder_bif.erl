%% The Erlang halves of BIFs that do long jobs in slices.
%%
%% A BIF given a long input traps (Process::trap in the VM) to a function
%% here; being ordinary Erlang code, it is charged reductions and preempted
%% like any other, so a process working on a huge list cannot hold a
%% scheduler. Results are exactly the BIF's.
-module(girder_bif).
-export([subtract/2, retry/2, port_command_wait/3, old_code_users/3]).

%% girder:old_code_users/1 between two chunks of its scan (vm/bif/code.cpp;
%% Pending: the pids still to scan):
%% a call of Erlang code, so the scan is preempted like any other work.
old_code_users(Module, Pending, Acc) ->
    girder:old_code_users(Module, Pending, Acc).

%% erlang:F(Args...) again after a millisecond, for a BIF that found the
%% process it must hold still running on another scheduler (bif_process.cpp
%% with_process). Waiting here, the caller can be held by the other side.
retry(F, Args) ->
    receive after 1 -> ok end,
    apply(erlang, F, Args).

%% port_command/2,3 found the port busy (an OS process not reading its
%% stdin, with 64 KB already queued): the port sends {port_ready, Port}
%% once its queue has drained (or it closed), then the command is tried
%% again, so the queue stays bounded however much is offered.
port_command_wait(Port, Data, Options) ->
    receive
        {port_ready, Port} -> erlang:port_command(Port, Data, Options)
    end.

%% A -- B when A and B are long proper lists: each element of B removes the
%% first element of A that is =:= to it. B's elements are counted in a map
%% (map keys compare with =:=), then A is filtered in order.
subtract(A, B) ->
    filter(A, count(B, #{}), []).

count([H | T], Counts) ->
    count(T, Counts#{H => maps:get(H, Counts, 0) + 1});
count([], Counts) ->
    Counts.

filter([H | T], Counts, Acc) ->
    case Counts of
        #{H := N} when N > 0 -> filter(T, Counts#{H := N - 1}, Acc);
        _ -> filter(T, Counts, [H | Acc])
    end;
filter([], _Counts, Acc) ->
    lists:reverse(Acc).

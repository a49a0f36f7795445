%% logger_filters: the filter functions OTP 25's logger ships, for
%% add_primary_filter/2 and add_handler_filter/3 ({fun F/2, Arg}). Each
%% returns the event (log), stop, or ignore when it does not apply.
-module(logger_filters).
-export([domain/2, level/2, progress/2, remote_gl/2]).

%% {Action, Compare, MatchDomain}: Compare is sub (the event's domain starts
%% with MatchDomain), super (MatchDomain starts with the event's domain),
%% equal, not_equal, or undefined (the event has no domain).
domain(#{meta := Meta} = Event, {Action, Compare, MatchDomain})
  when (Action =:= log orelse Action =:= stop), is_list(MatchDomain) ->
    Matches = case {Compare, maps:find(domain, Meta)} of
                  {undefined, error} -> true;
                  {undefined, _} -> false;
                  {_, error} -> false;
                  {sub, {ok, D}} -> lists:prefix(MatchDomain, D);
                  {super, {ok, D}} -> lists:prefix(D, MatchDomain);
                  {equal, {ok, D}} -> D =:= MatchDomain;
                  {not_equal, {ok, D}} -> D =/= MatchDomain;
                  _ -> erlang:error(badarg, [Event, {Action, Compare, MatchDomain}])
              end,
    act(Matches, Action, Event);
domain(Event, Arg) ->
    erlang:error(badarg, [Event, Arg]).

%% {Action, Operator, MatchLevel}: Operator is neq, eq, lt, gt, lteq or gteq
%% on the event's level against MatchLevel (more severe is greater).
level(#{level := Level} = Event, {Action, Op, MatchLevel})
  when (Action =:= log orelse Action =:= stop) ->
    Cmp = logger:compare_levels(Level, MatchLevel),
    Matches = case Op of
                  neq -> Cmp =/= eq;
                  eq -> Cmp =:= eq;
                  lt -> Cmp =:= lt;
                  gt -> Cmp =:= gt;
                  lteq -> Cmp =/= gt;
                  gteq -> Cmp =/= lt;
                  _ -> erlang:error(badarg, [Event, {Action, Op, MatchLevel}])
              end,
    act(Matches, Action, Event);
level(Event, Arg) ->
    erlang:error(badarg, [Event, Arg]).

%% Progress reports of supervisors and applications.
progress(#{meta := Meta, msg := Msg} = Event, Action) when Action =:= log; Action =:= stop ->
    Matches = case {maps:find(domain, Meta), Msg} of
                  {{ok, [otp, sasl | _]}, {report, #{label := {_, progress}}}} -> true;
                  _ -> false
              end,
    act(Matches, Action, Event);
progress(Event, Arg) ->
    erlang:error(badarg, [Event, Arg]).

%% Events from processes whose group leader is on another node: there is
%% one node here, so never.
remote_gl(#{meta := Meta} = Event, Action) when Action =:= log; Action =:= stop ->
    Matches = case maps:find(gl, Meta) of
                  {ok, GL} when is_pid(GL) -> node(GL) =/= node();
                  _ -> false
              end,
    act(Matches, Action, Event);
remote_gl(Event, Arg) ->
    erlang:error(badarg, [Event, Arg]).

act(true, log, Event) -> Event;
act(true, stop, _Event) -> stop;
act(false, _Action, _Event) -> ignore.

-module(supervisor_basic).
-behaviour(supervisor).
-export([main/0, init/1, start_worker/1, start_worker/2, worker/1, start_ignore/0, start_fail/0]).

quiet() -> catch logger:set_primary_config(level, none), ok.

start_worker(Name) -> {ok, spawn_link(?MODULE, worker, [Name])}.
start_worker(Name, Extra) -> {ok, spawn_link(?MODULE, worker, [{Name, Extra}])}.
start_ignore() -> ignore.
start_fail() -> {error, no_luck}.

worker(_Name) ->
    receive
        stop -> ok;
        crash -> exit(crashed)
    end.

init(simple) ->
    {ok, {#{strategy => simple_one_for_one, intensity => 5, period => 10},
          [#{id => tmpl, start => {?MODULE, start_worker, [s]}, restart => transient}]}};
init(simple_temp) ->
    {ok, {{simple_one_for_one, 5, 10},
          [{tmpl, {?MODULE, start_worker, [t]}, temporary, brutal_kill, worker, [?MODULE]}]}};
init(normal) ->
    {ok, {{one_for_one, 3, 10},
          [{a, {?MODULE, start_worker, [a]}, permanent, 100, worker, [?MODULE]},
           #{id => b, start => {?MODULE, start_worker, [b]}, restart => transient, shutdown => brutal_kill},
           #{id => c, start => {?MODULE, start_worker, [c]}, restart => temporary, type => worker},
           #{id => ign, start => {?MODULE, start_ignore, []}}]}};
init(ignore) -> ignore;
init(bad_strategy) -> {ok, {#{strategy => bogus}, []}};
init(bad_intensity) -> {ok, {{one_for_one, -1, 10}, []}};
init(bad_period) -> {ok, {#{period => 0}, []}};
init(missing_start) -> {ok, {#{}, [#{id => x}]}};
init(bad_restart) -> {ok, {#{}, [#{id => x, start => {?MODULE, start_worker, [x]}, restart => sometimes}]}};
init(fail_start) -> {ok, {#{}, [#{id => ok1, start => {?MODULE, start_worker, [ok1]}},
                               #{id => bad, start => {?MODULE, start_fail, []}}]}};
init(dup) -> {ok, {#{}, [#{id => y, start => {?MODULE, start_worker, [y]}},
                        #{id => y, start => {?MODULE, start_worker, [y]}}]}};
init(bad_return) -> {ok, nonsense}.

show(Label, X) -> io:format("~s: ~p~n", [Label, X]).

ids(Children) -> [{Id, state(P), T, M} || {Id, P, T, M} <- Children].
state(P) when is_pid(P) -> pid;
state(X) -> X.

wait_restart(Sup, Id, Old) ->
    case lists:keyfind(Id, 1, supervisor:which_children(Sup)) of
        {_, P, _, _} when is_pid(P), P =/= Old -> P;
        _ -> receive after 5 -> wait_restart(Sup, Id, Old) end
    end.

main() ->
    quiet(),
    process_flag(trap_exit, true),
    %% one_for_one with static children
    {ok, S} = supervisor:start_link(?MODULE, normal),
    show("which_children", ids(supervisor:which_children(S))),
    show("count_children", supervisor:count_children(S)),
    show("get_childspec a", supervisor:get_childspec(S, a)),
    show("get_childspec c", supervisor:get_childspec(S, c)),
    show("get_childspec none", supervisor:get_childspec(S, none)),
    {_, A1, _, _} = lists:keyfind(a, 1, supervisor:which_children(S)),
    A1 ! crash,
    A2 = wait_restart(S, a, A1),
    show("a restarted", A2 =/= A1),
    {_, B1, _, _} = lists:keyfind(b, 1, supervisor:which_children(S)),
    B1 ! stop,
    receive after 50 -> ok end,
    show("transient b after normal exit", ids(supervisor:which_children(S))),
    {_, C1, _, _} = lists:keyfind(c, 1, supervisor:which_children(S)),
    C1 ! crash,
    receive after 50 -> ok end,
    show("temporary c after crash", ids(supervisor:which_children(S))),
    show("terminate_child a", supervisor:terminate_child(S, a)),
    show("terminate_child a again", supervisor:terminate_child(S, a)),
    show("terminate_child none", supervisor:terminate_child(S, none)),
    show("terminate_child not a child", supervisor:terminate_child(S, self())),
    show("after terminate", ids(supervisor:which_children(S))),
    show("restart_child a", element(1, supervisor:restart_child(S, a))),
    show("restart_child a running", supervisor:restart_child(S, a)),
    show("restart_child none", supervisor:restart_child(S, none)),
    show("delete_child a running", supervisor:delete_child(S, a)),
    show("delete_child b", supervisor:delete_child(S, b)),
    show("delete_child b again", supervisor:delete_child(S, b)),
    {ok, D} = supervisor:start_child(S, #{id => d, start => {?MODULE, start_worker, [d]}}),
    show("start_child d", is_pid(D)),
    show("start_child d again", supervisor:start_child(S, #{id => d, start => {?MODULE, start_worker, [d]}}) =:= {error, {already_started, D}}),
    ok = supervisor:terminate_child(S, d),
    show("start_child d present", supervisor:start_child(S, #{id => d, start => {?MODULE, start_worker, [d]}})),
    show("start_child tuple", element(1, supervisor:start_child(S, {e, {?MODULE, start_worker, [e]}, temporary, 1000, worker, dynamic}))),
    show("start_child ignore", supervisor:start_child(S, #{id => f, start => {?MODULE, start_ignore, []}})),
    show("start_child fail", supervisor:start_child(S, #{id => g, start => {?MODULE, start_fail, []}})),
    show("start_child bad spec", supervisor:start_child(S, #{id => h})),
    show("start_child bad mfa", supervisor:start_child(S, #{id => h, start => foo})),
    show("which_children", ids(supervisor:which_children(S))),
    show("count_children", supervisor:count_children(S)),
    show("terminate_child by pid", supervisor:terminate_child(S, wait_restart(S, a, undefined))),
    exit(S, shutdown),
    receive {'EXIT', S, R} -> show("supervisor exit", R) end,

    %% simple_one_for_one
    {ok, SS} = supervisor:start_link({local, simple_sup}, ?MODULE, simple),
    Ps = [element(2, supervisor:start_child(simple_sup, [I])) || I <- [1, 2, 3]],
    show("simple children", length(supervisor:which_children(SS))),
    show("simple ids", lists:usort([Id || {Id, _, _, _} <- supervisor:which_children(SS)])),
    show("simple count", supervisor:count_children(SS)),
    show("simple terminate id", supervisor:terminate_child(SS, tmpl)),
    show("simple restart", supervisor:restart_child(SS, tmpl)),
    show("simple delete", supervisor:delete_child(SS, tmpl)),
    show("simple get_childspec", supervisor:get_childspec(SS, hd(Ps))),
    [P1, P2, P3] = Ps,
    P1 ! crash,
    receive after 50 -> ok end,
    show("simple after crash", {length(supervisor:which_children(SS)), lists:member(P1, [P || {_, P, _, _} <- supervisor:which_children(SS)])}),
    P2 ! stop,
    receive after 50 -> ok end,
    show("simple after normal", length(supervisor:which_children(SS))),
    show("simple terminate pid", supervisor:terminate_child(SS, P3)),
    show("simple left", length(supervisor:which_children(SS))),
    ok = supervisor:terminate_child(simple_sup, element(2, hd(supervisor:which_children(SS)))),
    show("simple empty", supervisor:which_children(SS)),
    unlink(SS),
    exit(SS, kill),
    {ok, ST} = supervisor:start_link(?MODULE, simple_temp),
    {ok, T1} = supervisor:start_child(ST, [x]),
    show("simple temp spec", supervisor:get_childspec(ST, T1)),
    T1 ! crash,
    receive after 50 -> ok end,
    show("simple temp after crash", supervisor:which_children(ST)),
    [{ok, _} = supervisor:start_child(ST, [I]) || I <- [1, 2, 3]],
    exit(ST, shutdown),
    receive {'EXIT', ST, RT} -> show("simple temp exit", RT) end,

    %% init failures
    show("ignore", supervisor:start_link(?MODULE, ignore)),
    receive {'EXIT', _, IR} -> show("ignore exit", IR) after 100 -> ok end,
    lists:foreach(fun(Case) ->
                          R1 = supervisor:start_link(?MODULE, Case),
                          receive {'EXIT', _, _} -> ok after 200 -> ok end,
                          show(atom_to_list(Case), strip(R1))
                  end, [bad_strategy, bad_intensity, bad_period, missing_start, bad_restart,
                        fail_start, dup, bad_return]),
    show("check_childspecs ok", supervisor:check_childspecs([#{id => a, start => {m, f, []}}])),
    show("check_childspecs bad", supervisor:check_childspecs([#{id => a, start => {m, f, []}, shutdown => -1}])),
    show("check_childspecs type", supervisor:check_childspecs([#{id => a, start => {m, f, []}, type => boss}])),
    show("check_childspecs mods", supervisor:check_childspecs([#{id => a, start => {m, f, []}, modules => [1]}])),
    show("check_childspecs tuple", supervisor:check_childspecs([{a, {m, f, []}, permanent, 10, worker, [m]}])),
    show("check_childspecs not spec", supervisor:check_childspecs([foo])),
    flush(),
    ok.

strip({error, {shutdown, {failed_to_start_child, Id, R}}}) -> {error, {shutdown, {failed_to_start_child, Id, R}}};
strip(X) -> X.

flush() ->
    receive M -> show("left", M), flush() after 50 -> ok end.

-module(jit_try_nesting).
-export([main/0]).

%% try/catch/after nesting, catch expressions, rethrow, exceptions from
%% inside after blocks, try ... of clauses, and many try frames in loops
%% and across recursion.

id(X) -> X.

log(X) ->
    put(log, [X | get(log)]), ok.
take_log() ->
    L = lists:reverse(get(log)), put(log, []), L.

raise(throw, V) -> throw(V);
raise(error, V) -> error(V);
raise(exit, V) -> exit(V);
raise(value, V) -> V;
raise(badarith, V) -> V + 1;
raise(badmatch, V) -> {ok, _} = V;
raise(case_clause, V) -> case V of never -> ok end;
raise(function_clause, V) -> only_atoms(V).

only_atoms(A) when is_atom(A) -> A.

%% catch expression, with the stack of error exits dropped
c(F) ->
    case catch F() of
        {'EXIT', {R, St}} when is_list(St) -> {'EXIT', R};
        Other -> Other
    end.

t1(K, V) ->
    try raise(K, V) of
        R -> {value, R}
    catch
        throw:T -> {caught_throw, T};
        error:E -> {caught_error, E};
        exit:X -> {caught_exit, X}
    after
        log({after1, K})
    end.

%% three levels; the middle one only catches throws
t3(K, V) ->
    try
        log(outer_start),
        R = try
                log(mid_start),
                try
                    log(inner_start),
                    raise(K, V)
                catch
                    error:badarith -> log(inner_caught), inner_fixed
                after
                    log(inner_after)
                end
            catch
                throw:T -> log(mid_caught), {mid, T}
            after
                log(mid_after)
            end,
        log(outer_end),
        R
    catch
        C:E -> log(outer_caught), {outer, C, E}
    after
        log(outer_after)
    end.

%% an exception thrown from an after block replaces the original
after_throws(K) ->
    try
        try raise(K, orig) after throw(from_after) end
    catch
        C:R -> {C, R}
    end.

%% try ... of with a clause that does not match: try_clause
try_of(V) ->
    try id(V) of
        1 -> one;
        a -> atom_a
    catch
        _:_ -> never_here
    end.

%% rethrow with erlang:raise keeps the class
rethrow(K) ->
    try
        try raise(K, r) catch C:R:S -> erlang:raise(C, {re, R}, S) end
    catch
        C2:R2 -> {C2, R2}
    end.

%% a try frame around every level of a body recursion
deep(0, K) -> raise(K, bottom);
deep(N, K) ->
    try deep(N - 1, K) of
        V -> V
    catch
        throw:{depth, D} -> throw({depth, D + 1});
        throw:bottom -> throw({depth, 1})
    end.

%% a catch around every level
deep_catch(0) -> throw(0);
deep_catch(N) -> (catch deep_catch(N - 1)) + 1.

loop_try(0, Acc) -> Acc;
loop_try(N, Acc) ->
    V = try
            case N rem 4 of
                0 -> throw(N);
                1 -> error(N);
                2 -> exit(N);
                3 -> N
            end
        catch
            throw:X -> X * 2;
            error:X -> X * 3;
            exit:X -> X * 5
        end,
    loop_try(N - 1, Acc + V).

main() ->
    put(log, []),
    Kinds = [{throw, t}, {error, e}, {exit, x}, {value, v}, {badarith, a}, {badmatch, nope},
             {case_clause, c}, {function_clause, 1}],
    lists:foreach(fun({K, V}) ->
                          io:format("~w ~w ~w~n", [K, t1(K, V), take_log()])
                  end, Kinds),
    lists:foreach(fun({K, V}) ->
                          io:format("~w ~w~n   ~w~n", [K, t3(K, V), take_log()])
                  end, Kinds),
    io:format("~w~n", [[c(fun() -> raise(K, V) end) || {K, V} <- Kinds]]),
    io:format("~w~n", [[after_throws(K) || {K, _} <- Kinds]]),
    io:format("~w~n", [[try try_of(V) catch C:R -> {C, R} end || V <- [1, a, 2, 1.0]]]),
    io:format("~w~n", [[rethrow(K) || K <- [throw, error, exit]]]),
    io:format("~w~n", [try deep(10000, throw) catch throw:D -> D end]),
    io:format("~w~n", [try deep(100, error) catch error:E -> {error, E} end]),
    io:format("~w~n", [deep_catch(100000)]),
    io:format("~w~n", [loop_try(100000, 0)]),
    %% catch of values and nested catches
    io:format("~w~n", [[catch id(1), catch throw(x), catch (catch throw(y)), c(fun() -> catch error(z) end),
                        c(fun() -> exit(normal) end), c(fun() -> throw({'EXIT', fake}) end)]]),
    %% after runs exactly once on every path, even through a tail position
    Count = lists:foldl(fun(I, Acc) ->
                                try
                                    case I rem 3 of 0 -> throw(x); 1 -> ok; 2 -> error(y) end
                                catch _:_ -> ok
                                after put(afters, get(afters) + 1)
                                end,
                                Acc + 1
                        end, (put(afters, 0) =:= undefined) andalso 0, lists:seq(1, 30000)),
    io:format("~w ~w~n", [Count, get(afters)]),
    %% the value of try ... after is the value of the body, not of after
    io:format("~w~n", [[try id(body) after id(after_value) end,
                        try id(body) of B -> {'of', B} after id(after_value) end]]),
    ok.

%% Funs and comprehension functions get OTP 25's names ('-F/A-fun-N-',
%% '-F/A-Name/Arity-K-' for named funs, '-F/A-lc$^N/1-K-' for generators),
%% numbered per top function in OTP's order (a fun after the funs inside it,
%% a generator before what is inside it); stack traces show the arity of
%% the code (a fun's arguments and the variables it captured).
-module(fun_names).
-export([main/0, other/1]).
main() ->
    L = [X || X <- [1]],
    F = fun() -> ok end,
    B = << <<Y>> || Y <- [1] >>,
    G = fun() -> ok end,
    H = fun N(0) -> 0; N(K) -> N(K - 1) end,
    I = fun() -> fun() -> ok end end,
    J = fun() -> ok end,
    K = fun M() -> M end,
    Cs = [fun() -> C end || C <- [1, 2]],
    names([F, G, H, I, I(), J, K, other(1), hd(Cs)]),
    {L, B} = {[1], <<1>>},
    Cap = id({captured, 3}),
    T = fun(X) -> element(X, Cap) end,
    trace(fun() -> T(id(7)) end),
    trace(fun() -> [element(V, Cap) || V <- id([1, 9])] end),
    ok.
other(A) -> fun(B) -> {A, B} end.
id(X) -> X.
names(Fs) -> [io:format("~p~n", [element(2, erlang:fun_info(Fn, name))]) || Fn <- Fs].
trace(F) ->
    try F() catch error:R:S ->
        io:format("~p~n", [R]),
        [io:format("  ~p:~p/~p~n", [M, Fn, if is_list(A) -> length(A); true -> A end])
         || {M, Fn, A, _} <- lists:sublist(S, 2), M =/= erlang]
    end.

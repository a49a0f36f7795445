-module(rand_seeded).
-export([main/0]).

%% The rand module with explicit seeds: every algorithm must produce
%% exactly the numbers OTP 25 produces.

algs() -> [exsss, exrop, exsp, exs1024s, exro928ss].

seeds() ->
    [42, 0, -1, 1 bsl 70, {1, 2, 3}, {0, 0, 0}, {123, -456, 1 bsl 80}, [5, 7], [1]].

main() ->
    [per_seed(Alg, Seed) || Alg <- algs(), Seed <- seeds()],
    [many_draws(Alg) || Alg <- algs()],
    [jumps(Alg) || Alg <- algs()],
    old_algorithms(),
    dict_api(),
    export_import(),
    unseeded(),
    errors(),
    replay_handlers(),
    mwc59(),
    helpers(),
    ok.

%% ---------------------------------------------------------------------

per_seed(Alg, Seed) ->
    S0 = rand:seed_s(Alg, Seed),
    io:format("== ~p ~p~n~p~n", [Alg, Seed, rand:export_seed_s(S0)]),
    {Floats, S1} = draws(8, fun rand:uniform_s/1, S0),
    io:format("uniform: ~p~n", [Floats]),
    {Ints, S2} = draws(12, fun(S) -> rand:uniform_s(100, S) end, S1),
    io:format("uniform(100): ~w~n", [Ints]),
    {One, S3} = draws(3, fun(S) -> rand:uniform_s(1, S) end, S2),
    io:format("uniform(1): ~w~n", [One]),
    {Big, S4} = draws(3, fun(S) -> rand:uniform_s(1 bsl 70, S) end, S3),
    io:format("uniform(2^70): ~w~n", [Big]),
    {Big2, S5} = draws(3, fun(S) -> rand:uniform_s((1 bsl 58) + 1, S) end, S4),
    io:format("uniform(2^58+1): ~w~n", [Big2]),
    {Big3, S6} = draws(2, fun(S) -> rand:uniform_s(10 bsl 200 + 7, S) end, S5),
    io:format("uniform(10*2^200+7): ~w~n", [Big3]),
    {Near, S7} = draws(3, fun(S) -> rand:uniform_s((1 bsl 58) - 1, S) end, S6),
    io:format("uniform(2^58-1): ~w~n", [Near]),
    {Reals, S8} = draws(5, fun rand:uniform_real_s/1, S7),
    io:format("uniform_real: ~p~n", [Reals]),
    {Normals, S9} = draws(6, fun rand:normal_s/1, S8),
    io:format("normal: ~p~n", [Normals]),
    {Normals2, S10} = draws(3, fun(S) -> rand:normal_s(10, 4, S) end, S9),
    io:format("normal(10,4): ~p~n", [Normals2]),
    {Normals3, S11} = draws(2, fun(S) -> rand:normal_s(-2.5, 0.01, S) end, S10),
    io:format("normal(-2.5,0.01): ~p~n", [Normals3]),
    {Bins, S12} = lists:mapfoldl(fun(N, S) -> rand:bytes_s(N, S) end, S11,
                                 [0, 1, 5, 7, 8, 14, 40]),
    io:format("bytes: ~w~n", [Bins]),
    io:format("end state: ~p~n", [rand:export_seed_s(S12)]).

draws(N, F, S) ->
    draws(N, F, S, []).

draws(0, _F, S, Acc) -> {lists:reverse(Acc), S};
draws(N, F, S0, Acc) ->
    {X, S1} = F(S0),
    draws(N - 1, F, S1, [X | Acc]).

many_draws(Alg) ->
    S0 = rand:seed_s(Alg, {2024, 11, 28}),
    {Sum, Hist, S1} = loop(5000, S0, 0, #{}),
    {FSum, S2} = fsum(3000, S1, 0.0),
    {Big, S3} = bigsum(300, S2, 0),
    {NSum, S4} = nsum(2000, S3, 0.0),
    io:format("many ~p: ~p ~p~n  ~p~n  ~p ~p~n  ~p~n",
              [Alg, Sum, lists:sort(maps:to_list(Hist)), FSum, Big, NSum,
               rand:export_seed_s(S4)]).

loop(0, S, Sum, Hist) -> {Sum, Hist, S};
loop(N, S0, Sum, Hist) ->
    {X, S1} = rand:uniform_s(1000, S0),
    {D, S2} = rand:uniform_s(6, S1),
    loop(N - 1, S2, Sum + X, maps:update_with(D, fun(C) -> C + 1 end, 1, Hist)).

fsum(0, S, Acc) -> {Acc, S};
fsum(N, S0, Acc) ->
    {X, S1} = rand:uniform_s(S0),
    {Y, S2} = rand:uniform_real_s(S1),
    fsum(N - 1, S2, Acc + X * Y).

bigsum(0, S, Acc) -> {Acc, S};
bigsum(N, S0, Acc) ->
    {X, S1} = rand:uniform_s(1 bsl 100, S0),
    {Y, S2} = rand:uniform_s(3 bsl 64 + 17, S1),
    bigsum(N - 1, S2, Acc bxor X bxor Y).

nsum(0, S, Acc) -> {Acc, S};
nsum(N, S0, Acc) ->
    {X, S1} = rand:normal_s(S0),
    nsum(N - 1, S1, Acc + X * X).

jumps(Alg) ->
    S0 = rand:seed_s(Alg, 7),
    J1 = rand:jump(S0),
    J2 = rand:jump(J1),
    {_, S1} = rand:uniform_s(S0),
    {_, S2} = rand:uniform_s(S1),
    {_, S3} = rand:uniform_s(S2),
    J3 = rand:jump(S3),
    {X, _} = rand:uniform_s(1000000, J2),
    {Y, _} = rand:uniform_s(J3),
    io:format("jump ~p:~n  ~p~n  ~p~n  ~p~n  ~p ~p~n",
              [Alg, rand:export_seed_s(J1), rand:export_seed_s(J2),
               rand:export_seed_s(J3), X, Y]).

old_algorithms() ->
    [begin
         S0 = rand:seed_s(Alg, Seed),
         {Fs, S1} = draws(3, fun rand:uniform_s/1, S0),
         {Is, S2} = draws(3, fun(S) -> rand:uniform_s(1000, S) end, S1),
         {Hs, S3} = draws(2, fun(S) -> rand:uniform_s(1 bsl 65, S) end, S2),
         {Rs, S4} = draws(2, fun rand:uniform_real_s/1, S3),
         {Ns, S5} = draws(2, fun rand:normal_s/1, S4),
         {B, S6} = rand:bytes_s(10, S5),
         J = try rand:export_seed_s(rand:jump(S6))
             catch error:R -> {error, R}
             end,
         io:format("old ~p ~p:~n  ~p~n  ~p ~w ~w~n  ~p ~p ~w~n  ~p~n",
                   [Alg, Seed, rand:export_seed_s(S0), Fs, Is, Hs, Rs, Ns, B, J])
     end || Alg <- [exs64, exsplus, exs1024], Seed <- [3, {4, 5, 6}, [9]]],
    D = rand:seed_s(dummy, 99),
    {DF, D1} = rand:uniform_s(D),
    {DI, D2} = rand:uniform_s(50, D1),
    {DR, D3} = rand:uniform_real_s(D2),
    {DB, D4} = rand:bytes_s(9, D3),
    io:format("dummy ~p ~p ~p ~p ~w ~p~n",
              [rand:export_seed_s(D), DF, DI, DR, DB, rand:export_seed_s(D4)]),
    io:format("dummy seeds ~p~n",
              [[rand:export_seed_s(rand:seed_s(dummy, X)) || X <- [1, {1, 2, 3}, [77]]]]).

dict_api() ->
    S = rand:seed(exsss, 1234),
    io:format("seed/2 -> ~p ~p~n", [rand:export_seed_s(S), rand:export_seed()]),
    A = [rand:uniform() || _ <- lists:seq(1, 4)],
    B = [rand:uniform(10) || _ <- lists:seq(1, 8)],
    C = [rand:uniform(1 bsl 70) || _ <- lists:seq(1, 2)],
    D = [rand:uniform_real() || _ <- lists:seq(1, 3)],
    E = [rand:normal() || _ <- lists:seq(1, 3)],
    F = [rand:normal(100, 25) || _ <- lists:seq(1, 3)],
    G = rand:bytes(11),
    io:format("~p~n~w~n~w~n~p~n~p~n~p~n~w~n~p~n", [A, B, C, D, E, F, G, rand:export_seed()]),
    J = rand:jump(),
    io:format("jump/0 -> ~p ~p~n", [rand:export_seed_s(J), rand:export_seed() =:= rand:export_seed_s(J)]),
    rand:seed(exrop, {9, 8, 7}),
    io:format("exrop dict ~p ~p ~p~n", [rand:uniform(), rand:uniform(1 bsl 64), rand:export_seed()]),
    rand:jump(),
    io:format("exrop jumped ~p ~p~n", [rand:export_seed(), rand:uniform(6)]),
    %% seed/1 with an exported state and with a full state
    Exported = rand:export_seed(),
    rand:seed(exsp, 5),
    X1 = rand:uniform(1000),
    rand:seed(Exported),
    X2 = rand:uniform(1000),
    St = rand:seed_s(exs1024s, 31),
    rand:seed(St),
    X3 = rand:uniform(1000),
    io:format("seed/1 ~p ~p ~p ~p~n", [X1, X2, X3, rand:export_seed()]),
    %% default means exsss
    rand:seed(default, 55),
    Def = rand:export_seed(),
    io:format("default ~p ~p~n", [Def, Def =:= rand:export_seed_s(rand:seed_s(exsss, 55))]),
    io:format("seed_s default ~p~n", [rand:export_seed_s(rand:seed_s(default, [3, 4]))]),
    %% seed(Alg) uses a runtime seed; only the algorithm is predictable
    [begin
         {Alg1, _} = rand:export_seed_s(rand:seed(Alg)),
         X = rand:uniform(),
         io:format("seed(~p): ~p ~p~n", [Alg, Alg1, is_float(X) andalso X >= 0.0 andalso X < 1.0])
     end || Alg <- [exsss, exrop, exsp, exs1024s, exro928ss, default]],
    {DefAlg, _} = rand:export_seed_s(rand:seed_s(default)),
    io:format("seed_s(default): ~p~n", [DefAlg]).

export_import() ->
    S0 = rand:seed_s(exsss, {10, 20, 30}),
    {_, S1} = draws(5, fun rand:uniform_s/1, S0),
    E = rand:export_seed_s(S1),
    {A, _} = draws(5, fun(S) -> rand:uniform_s(1 bsl 60, S) end, S1),
    {B, _} = draws(5, fun(S) -> rand:uniform_s(1 bsl 60, S) end, rand:seed_s(E)),
    io:format("export/import ~p ~w~n", [A =:= B, B]),
    %% hand-made states
    Hand = [{exsss, [1 | 2]}, {exrop, [12345 | 67890]}, {exsp, [(1 bsl 58) - 1 | 1]},
            {exsss, [0 | 7]}, {exrop, [1 bsl 57 | 0]}],
    [begin
         {Fs, S} = draws(3, fun rand:uniform_s/1, rand:seed_s(H)),
         {R, S2} = rand:uniform_real_s(S),
         io:format("hand ~p: ~p ~p ~p~n", [H, Fs, R, rand:export_seed_s(S2)])
     end || H <- Hand].

unseeded() ->
    Self = self(),
    Pids = [spawn(fun() ->
                          Before = rand:export_seed(),
                          X = rand:uniform(),
                          N = rand:uniform(10),
                          {Alg, _} = rand:export_seed(),
                          Self ! {self(), Before, X, N, Alg}
                  end) || _ <- [1, 2]],
    Res = [receive {P, Before, X, N, Alg} -> {Before, X, N, Alg} end || P <- Pids],
    [io:format("unseeded: ~p ~p ~p ~p~n",
               [Before, is_float(X) andalso X >= 0.0 andalso X < 1.0,
                N >= 1 andalso N =< 10, Alg])
     || {Before, X, N, Alg} <- Res],
    [{_, X1, _, _}, {_, X2, _, _}] = Res,
    io:format("unseeded differ: ~p~n", [X1 =/= X2]).

errors() ->
    S = rand:seed_s(exsss, 1),
    Cases =
        [fun() -> rand:seed_s(exsss, []) end,
         fun() -> rand:seed_s(exsss, [0, 0]) end,
         fun() -> rand:seed_s(exrop, [1, 2, 3]) end,
         fun() -> rand:seed_s(exsp, [a]) end,
         fun() -> rand:seed_s(exs1024s, [0]) end,
         fun() -> rand:seed_s(exs1024s, lists:seq(1, 17)) end,
         fun() -> rand:seed_s(exro928ss, [x, 1]) end,
         fun() -> rand:seed_s(no_such_alg, 1) end,
         fun() -> rand:seed_s(exsss, 1.5) end,
         fun() -> rand:seed_s(dummy, [1, 2]) end,
         fun() -> rand:seed_s(dummy, [b]) end,
         fun() -> rand:seed_s(dummy, []) end,
         fun() -> rand:uniform_s(0, S) end,
         fun() -> rand:uniform_s(-5, S) end,
         fun() -> rand:uniform_s(2.0, S) end,
         fun() -> rand:bytes_s(-1, S) end,
         fun() -> rand:normal_s(0, 0, S) end,
         fun() -> rand:jump(rand:seed_s(exs64, 1)) end,
         fun() -> rand:jump(rand:seed_s(dummy, 1)) end,
         fun() -> rand:mwc59_seed(1 bsl 58) end,
         fun() -> rand:export_seed_s(foo) end],
    [io:format("error ~p~n", [try F() of _ -> no_error catch C:R -> {C, R} end]) || F <- Cases].

%% A user handler replaying a list of words, then a fixed word: reaches the
%% rare branches of uniform_real_s/1 and of the wide ranges.
replay(Tail) ->
    fun([V | T]) -> {V, T}; ([]) -> {Tail, []} end.

replay_handlers() ->
    Handlers =
        [#{type => r58, bits => 58, next => replay(16#2bcdef123456789)},
         #{type => r64w, bits => 64, weak_low_bits => 3, next => replay(16#fedcba9876543210)},
         #{type => rmax, max => (1 bsl 58) - 1, next => replay(16#1234567890abcde)}],
    Words =
        [[], [0], [1], [0, 0, 5], lists:duplicate(17, 0) ++ [1 bsl 45],
         lists:duplicate(18, 0) ++ [1 bsl 51], lists:duplicate(18, 0) ++ [(1 bsl 54) - 1, 0],
         lists:duplicate(18, 0) ++ [1 bsl 40], lists:duplicate(18, 0) ++ [1 bsl 20],
         lists:duplicate(19, 0) ++ [3], lists:duplicate(25, 0),
         [1 bsl 50], [(1 bsl 51) + 3], [1 bsl 48, 1 bsl 57], [12345, 99],
         [(1 bsl 58) - 1, 0], [1 bsl 57, 1 bsl 57, 1 bsl 57]],
    [begin
         {R, _} = rand:uniform_real_s({H, W}),
         {U, _} = rand:uniform_s({H, W}),
         {I1, _} = rand:uniform_s(1 bsl 100, {H, W}),
         {I2, _} = rand:uniform_s((1 bsl 100) - 1, {H, W}),
         {I3, _} = rand:uniform_s(1000, {H, W}),
         {B, _} = rand:bytes_s(12, {H, W}),
         io:format("~p ~p: ~p ~p~n  ~p ~p ~p ~w~n",
                   [maps:get(type, H), length(W), R, U, I1, I2, I3, B])
     end || H <- Handlers, W <- Words].

mwc59() ->
    Seeds = [rand:mwc59_seed(S) || S <- [0, 1, 42, (1 bsl 58) - 1]],
    io:format("mwc59 seeds ~p~n", [Seeds]),
    lists:foreach(fun(CX) ->
                          {Vs, Last} = mwc59_run(4, CX, []),
                          io:format("mwc59 ~p: ~p~n  ~p~n", [CX, Vs, Last])
                  end, Seeds ++ [1, (16#7fa6502 bsl 32) - 2]),
    R = rand:mwc59_seed(),
    io:format("mwc59_seed() ~p~n", [is_integer(R) andalso R >= 1 andalso R =< 1 bsl 58]).

mwc59_run(0, CX, Acc) -> {lists:reverse(Acc), CX};
mwc59_run(N, CX, Acc) ->
    CX1 = rand:mwc59(CX),
    mwc59_run(N - 1, CX1, [{rand:mwc59_value32(CX1), rand:mwc59_value(CX1),
                            rand:mwc59_float(CX1)} | Acc]).

helpers() ->
    io:format("splitmix64 ~p~n", [[rand:splitmix64_next(X) || X <- [0, 1, -1, 1 bsl 64]]]),
    io:format("seed58 ~p~n", [rand:seed58(3, 77)]),
    io:format("exsp_next ~p~n", [rand:exsp_next([1 | 2])]),
    io:format("exsp_jump ~p~n", [rand:exsp_jump([3 | 4])]),
    E = rand:exro928_seed({1, 2, 3}),
    io:format("exro928 ~p~n  ~p~n", [E, element(1, rand:exro928_next(E))]),
    io:format("  ~p~n", [rand:exro928_next_state(E)]),
    io:format("  ~p~n", [rand:exro928_jump_2pow20(E)]),
    io:format("  ~p~n", [rand:exro928_jump_2pow512(E)]),
    io:format("bc64 ~p~n", [[rand:bc64(V) || V <- [0, 1, 255, 1 bsl 40, (1 bsl 64) - 1]]]),
    io:format("make_float ~p ~p~n", [rand:make_float(0, 1023, 0), rand:make_float(1, 1000, 12345)]),
    io:format("float2str ~p ~p~n", [rand:float2str(0.1), rand:float2str(-3)]).

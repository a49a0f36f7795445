%% rand: the OTP 25 `rand' module -- pseudo random number generation with
%% pluggable algorithms, written for Girder.
%%
%% Every algorithm of OTP 25 is provided and produces the same numbers as
%% OTP for the same seed: exsss (the default, Xorshift116**), exrop
%% (Xoroshiro116+), exsp (Xorshift116+), exs1024s (Xorshift1024*),
%% exro928ss (Xoroshiro928**), the deprecated exs64, exsplus and exs1024,
%% and the benchmark `dummy'.  The MWC59 functions and SplitMix64 are here
%% too.  The state of the process dictionary based API lives under the key
%% `rand_seed', as in OTP.
%%
%% A state is {Handler, AlgState}; Handler is a map describing the
%% algorithm (type, bits or max, next, and optionally weak_low_bits,
%% uniform, uniform_n and jump).  Exported states are {Alg, AlgState} and
%% use the same AlgState terms as OTP, so states exported by OTP can be
%% imported here and vice versa.
%%
%% Deviations: format_jumpconst58/1 (a development helper that needs `re')
%% is not provided.
-module(rand).

-export([seed_s/1, seed_s/2, seed/1, seed/2,
         export_seed/0, export_seed_s/1,
         uniform/0, uniform/1, uniform_s/1, uniform_s/2,
         uniform_real/0, uniform_real_s/1,
         bytes/1, bytes_s/2,
         jump/0, jump/1,
         normal/0, normal/2, normal_s/1, normal_s/3]).

-export([exsp_next/1, exsp_jump/1, splitmix64_next/1,
         mwc59/1, mwc59_value32/1, mwc59_value/1, mwc59_float/1,
         mwc59_seed/0, mwc59_seed/1]).

-export([exro928_jump_2pow512/1, exro928_jump_2pow20/1,
         exro928_seed/1, exro928_next/1, exro928_next_state/1,
         seed58/2]).

-export([make_float/3, float2str/1, bc64/1]).

-define(DICT_KEY, rand_seed).
-define(DEFAULT_ALG, exsss).

%% 2^-53: the spacing of the floats produced by uniform_s/1
-define(EPS53, 1.1102230246251565e-16).

-define(M58, 16#3ffffffffffffff).
-define(M64, 16#ffffffffffffffff).

%% ---------------------------------------------------------------------
%% Bit helpers (W-bit words)
%% ---------------------------------------------------------------------

mask(W, X) -> X band ((1 bsl W) - 1).

%% X shifted left by N within a W-bit word
shl(W, X, N) -> mask(W - N, X) bsl N.

%% X rotated left by N within a W-bit word (X is not masked first)
rotl(W, X, N) -> shl(W, X, N) bor (X bsr (W - N)).

%% ---------------------------------------------------------------------
%% Exported state
%% ---------------------------------------------------------------------

export_seed() ->
    case get(?DICT_KEY) of
        {#{type := Alg}, AlgState} -> {Alg, AlgState};
        _ -> undefined
    end.

export_seed_s({#{type := Alg}, AlgState}) -> {Alg, AlgState}.

%% ---------------------------------------------------------------------
%% Seeding
%% ---------------------------------------------------------------------

seed(AlgOrState) ->
    store(seed_s(AlgOrState)).

seed(Alg, Seed) ->
    store(seed_s(Alg, Seed)).

seed_s({Handler, _} = State) when is_map(Handler) ->
    State;
seed_s({Alg, AlgState}) when is_atom(Alg) ->
    {Handler, _} = algorithm(Alg),
    {Handler, AlgState};
seed_s(Alg) ->
    seed_s(Alg, entropy()).

seed_s(default, Seed) ->
    seed_s(?DEFAULT_ALG, Seed);
seed_s(Alg, Seed) ->
    {Handler, Seeder} = algorithm(Alg),
    {Handler, Seeder(Seed)}.

%% Something that differs between processes, nodes and runs.
entropy() ->
    {erlang:phash2([{node(), self()}]),
     erlang:system_time(),
     erlang:unique_integer()}.

store(State) ->
    put(?DICT_KEY, State),
    State.

fetch() ->
    case get(?DICT_KEY) of
        undefined -> seed(?DEFAULT_ALG);
        State -> State
    end.

%% The handler map and the seed function of each algorithm.
algorithm(exsss) ->
    {#{type => exsss, bits => 58, next => fun exsss_next/1,
       uniform => fun exsss_float/1, uniform_n => fun exsss_range/2,
       jump => fun exs116_jump/1},
     fun exsss_seed/1};
algorithm(exrop) ->
    {#{type => exrop, bits => 58, weak_low_bits => 1, next => fun exrop_next/1,
       uniform => fun exrop_float/1, uniform_n => fun exrop_range/2,
       jump => fun exrop_jump/1},
     fun exrop_seed/1};
algorithm(exsp) ->
    {#{type => exsp, bits => 58, weak_low_bits => 1, next => fun exsp_next/1,
       uniform => fun exsp_float/1, uniform_n => fun exsp_range/2,
       jump => fun exs116_jump/1},
     fun exsp_seed/1};
algorithm(exs1024s) ->
    {#{type => exs1024s, bits => 64, weak_low_bits => 3,
       next => fun exs1024_next/1, jump => fun exs1024_jump/1},
     fun exs1024_seed/1};
algorithm(exro928ss) ->
    {#{type => exro928ss, bits => 58, next => fun exro928ss_next/1,
       uniform => fun exro928ss_float/1, uniform_n => fun exro928ss_range/2,
       jump => fun exro928_jump/1},
     fun exro928_seed/1};
algorithm(exs64) ->
    {#{type => exs64, max => ?M64, next => fun exs64_next/1},
     fun exs64_seed/1};
algorithm(exsplus) ->
    {#{type => exsplus, max => ?M58, next => fun exsp_next/1,
       jump => fun exs116_jump/1},
     fun exsp_seed/1};
algorithm(exs1024) ->
    {#{type => exs1024, max => ?M64, next => fun exs1024_next/1,
       jump => fun exs1024_jump/1},
     fun exs1024_seed/1};
algorithm(dummy) ->
    {#{type => dummy, bits => 58, next => fun dummy_next/1,
       uniform => fun dummy_float/1, uniform_n => fun dummy_range/2},
     fun dummy_seed/1}.

%% ---------------------------------------------------------------------
%% Uniform floats and integers
%% ---------------------------------------------------------------------

uniform() ->
    {X, State} = uniform_s(fetch()),
    store(State),
    X.

uniform(N) ->
    {X, State} = uniform_s(N, fetch()),
    store(State),
    X.

uniform_s({#{uniform := F}, _} = State) ->
    F(State);
uniform_s({#{bits := Bits, next := Next} = H, R0}) ->
    {V, R1} = Next(R0),
    {(V bsr (Bits - 53)) * ?EPS53, {H, R1}};
uniform_s({#{max := Max, next := Next} = H, R0}) ->
    {V, R1} = Next(R0),
    {V / (Max + 1), {H, R1}}.

uniform_s(N, {#{uniform_n := F}, _} = State) when is_integer(N), N >= 1 ->
    F(N, State);
uniform_s(N, {#{bits := Bits, next := Next} = H, R0}) when is_integer(N), N >= 1 ->
    {V, R1} = Next(R0),
    range(N, Bits, V, H, R1, fun uniform_s/2);
uniform_s(N, {#{max := Max, next := Next} = H, R0}) when is_integer(N), N >= 1 ->
    {V, R1} = Next(R0),
    if
        N =< Max -> {V rem N + 1, {H, R1}};
        true -> {trunc(V / (Max + 1) * N) + 1, {H, R1}}
    end.

%% V is a fresh Bits-bit word; pick 1..N from it by rejection, calling
%% Retry(N, State) on rejection.  Ranges wider than a word go to wide/4.
range(N, Bits, V, H, R, Retry) ->
    Slack = (1 bsl Bits) - N,
    if
        Slack < 0 ->
            wide(N, H, R, V);
        V < N ->
            {V + 1, {H, R}};
        true ->
            Rem = V rem N,
            case V - Rem =< Slack of
                true -> {Rem + 1, {H, R}};
                false -> Retry(N, {H, R})
            end
    end.

%% A range wider than one generator word: concatenate words (dropping their
%% weak low bits at each join) until there are enough bits.
wide(N, #{bits := Bits, next := Next} = H, R, V) ->
    Weak = maps:get(weak_low_bits, H, 0),
    Step = Bits - Weak,
    Keep = bnot ((1 bsl Weak) - 1),
    case N band (N - 1) of
        0 ->
            {W, R1, _} = gather(N bsr Bits, Next, R, V, Keep, Step, Bits),
            {(W band (N - 1)) + 1, {H, R1}};
        _ ->
            {W, R1, Have} = gather(N bsr (Bits - 2), Next, R, V, Keep, Step, Bits),
            Rem = W rem N,
            case W - Rem =< (1 bsl Have) - N of
                true ->
                    {Rem + 1, {H, R1}};
                false ->
                    {V2, R2} = Next(R1),
                    wide(N, H, R2, V2)
            end
    end.

gather(Left, _Next, R, V, _Keep, _Step, Have) when Left =< 1 ->
    {V, R, Have};
gather(Left, Next, R, V, Keep, Step, Have) ->
    {V1, R1} = Next(R),
    gather(Left bsr Step, Next, R1, ((V band Keep) bsl Step) bor V1,
           Keep, Step, Have + Step).

%% ---------------------------------------------------------------------
%% uniform_real: floats in (0.0, 1.0] keeping 53 significant bits also
%% for small numbers (more words are drawn while the leading bits are 0)
%% ---------------------------------------------------------------------

uniform_real() ->
    {X, State} = uniform_real_s(fetch()),
    store(State),
    X.

uniform_real_s({#{bits := Bits, next := Next} = H, R0}) ->
    {V, R1} = Next(R0),
    real_first(V bsr (Bits - 56), H, Next, R1, Bits);
uniform_real_s({#{max := _, next := Next} = H, R0}) ->
    {V, R1} = Next(R0),
    real_first(mask(56, V), H, Next, R1, 56).

%% M holds 56 fresh bits
real_first(M, H, Next, R, Bits) ->
    case top53(M, 0) of
        {ok, X} ->
            {X, {H, R}};
        more ->
            {V, R2} = Next(R),
            real_more(H, Next, M, -56, R2, V, Bits)
    end.

%% If the 56-bit M (worth M * 2^(Exp-56)) has at least 53 significant
%% bits, the float made of its top 53 of them.
top53(M, Exp) ->
    if
        M >= 1 bsl 55 -> {ok, (M bsr 3) * math:pow(2.0, Exp - 53)};
        M >= 1 bsl 54 -> {ok, (M bsr 2) * math:pow(2.0, Exp - 54)};
        M >= 1 bsl 53 -> {ok, (M bsr 1) * math:pow(2.0, Exp - 55)};
        M >= 1 bsl 52 -> {ok, M * math:pow(2.0, Exp - 56)};
        true -> more
    end.

%% M0: the bits so far (fewer than 53 significant ones), whose lowest bit
%% has weight 2^Exp; V: a fresh Bits-bit word.
real_more(H, _Next, M0, -1064, R, V, Bits) ->
    Need = 53 - bc(M0, 1 bsl 51, 52),
    {((M0 bsl Need) bor (V bsr (Bits - Need))) * math:pow(2.0, -1064 - Need),
     {H, R}};
real_more(H, Next, M0, Exp, R, V, Bits) ->
    if
        M0 >= 1 bsl 51 -> {fill(M0, 1, V, Bits, Exp), {H, R}};
        M0 >= 1 bsl 50 -> {fill(M0, 2, V, Bits, Exp), {H, R}};
        M0 >= 1 bsl 49 -> {fill(M0, 3, V, Bits, Exp), {H, R}};
        M0 =:= 0 ->
            M = V bsr (Bits - 56),
            case top53(M, Exp) of
                {ok, X} ->
                    {X, {H, R}};
                more when Exp =:= -1008, M < 1 bsl 42 ->
                    %% would end up below the smallest normal float: restart
                    uniform_real_s({H, R});
                more ->
                    real_next(H, Next, M, Exp - 56, R)
            end;
        true ->
            {fill(M0, 53 - bc(M0, 1 bsl 48, 49), V, Bits, Exp), {H, R}}
    end.

fill(M0, Need, V, Bits, Exp) ->
    ((M0 bsl Need) bor (V bsr (Bits - Need))) * math:pow(2.0, Exp - Need).

real_next(#{bits := Bits} = H, Next, M, Exp, R0) ->
    {V, R1} = Next(R0),
    real_more(H, Next, M, Exp, R1, V, Bits);
real_next(#{max := _} = H, Next, M, Exp, R0) ->
    {V, R1} = Next(R0),
    real_more(H, Next, M, Exp, R1, mask(56, V), 56).

%% Bit length of V, where V < 2^N (Top = 2^(N-1)).
bc(V, Top, N) when Top =< V -> N;
bc(V, Top, N) -> bc(V, Top bsr 1, N - 1).

bc64(V) -> bc(V, 1 bsl 63, 64).

%% ---------------------------------------------------------------------
%% Random bytes
%% ---------------------------------------------------------------------

bytes(N) ->
    {Bin, State} = bytes_s(N, fetch()),
    store(State),
    Bin.

bytes_s(N, {#{bits := Bits, next := Next} = H, R}) when is_integer(N), N >= 0 ->
    gen_bytes(N, H, Next, R, Bits, maps:get(weak_low_bits, H, 0));
bytes_s(N, {#{max := Max, next := Next} = H, R})
  when is_integer(N), N >= 0, Max >= ?M58 ->
    %% old algorithms: taken as 58-bit words with 2 weak low bits
    gen_bytes(N, H, Next, R, 58, 2).

gen_bytes(N, H, Next, R, Bits, Weak) ->
    PerWord = (Bits - Weak) bsr 3,
    WordBits = PerWord * 8,
    gen_bytes(N, H, Next, R, <<>>, PerWord, WordBits, Bits - WordBits).

gen_bytes(N, H, Next, R0, Acc, PerWord, WordBits, Drop) when N > PerWord ->
    {V, R1} = Next(R0),
    gen_bytes(N - PerWord, H, Next, R1, <<Acc/binary, (V bsr Drop):WordBits>>,
              PerWord, WordBits, Drop);
gen_bytes(N, H, Next, R0, Acc, _PerWord, WordBits, _Drop) ->
    %% the last word (drawn even for N = 0)
    {V, R1} = Next(R0),
    Size = N * 8,
    {<<Acc/binary, (V bsr (WordBits - Size)):Size>>, {H, R1}}.

%% ---------------------------------------------------------------------
%% Jumping
%% ---------------------------------------------------------------------

jump() ->
    store(jump(fetch())).

jump({#{jump := Jump}, _} = State) ->
    Jump(State);
jump({#{}, _}) ->
    erlang:error(not_implemented).

%% ---------------------------------------------------------------------
%% Normal distribution: Marsaglia & Tsang's ziggurat method
%% ---------------------------------------------------------------------

-define(ZIG_R, 3.6541528853610087963519472518).

normal() ->
    {X, State} = normal_s(fetch()),
    store(State),
    X.

normal(Mean, Variance) ->
    Mean + math:sqrt(Variance) * normal().

normal_s(State0) ->
    {Negative, R, State} = sign_and_51(State0),
    Layer = R band 255,
    X = R * ziggurat_w(Layer + 1),
    Signed = case Negative of 0 -> X; _ -> -X end,
    case R < ziggurat_k(Layer + 1) of
        true -> {Signed, State};
        false -> zig_slow(Layer, Negative, Signed, State)
    end.

normal_s(Mean, Variance, State0) when Variance > 0 ->
    {X, State} = normal_s(State0),
    {Mean + math:sqrt(Variance) * X, State}.

%% {SignBit, 51 random bits, State} from the top bits of one word
sign_and_51({#{bits := Bits, next := Next} = H, S0}) ->
    {V, S1} = Next(S0),
    {V band (1 bsl (Bits - 52)), V bsr (Bits - 51), {H, S1}};
sign_and_51({#{next := Next} = H, S0}) ->
    {V, S1} = Next(S0),
    {V band (1 bsl 51), mask(51, V), {H, S1}}.

%% the base layer: sample the tail beyond ?ZIG_R
zig_slow(0, Negative, X0, State0) ->
    {U0, State1} = uniform_s(State0),
    X = -1 / ?ZIG_R * math:log(U0),
    {U1, State2} = uniform_s(State1),
    Y = -math:log(U1),
    if
        Y + Y > X * X ->
            case Negative of
                0 -> {?ZIG_R + X, State2};
                _ -> {-?ZIG_R - X, State2}
            end;
        true ->
            zig_slow(0, Negative, X0, State2)
    end;
zig_slow(Layer, _Negative, X, State0) ->
    Below = ziggurat_f(Layer + 1),
    {U, State1} = uniform_s(State0),
    case (ziggurat_f(Layer) - Below) * U + Below < math:exp(-0.5 * X * X) of
        true -> {X, State1};
        false -> normal_s(State1)
    end.

%% ---------------------------------------------------------------------
%% SplitMix64, used to expand seeds
%% ---------------------------------------------------------------------

splitmix64_next(X0) ->
    X = mask(64, X0 + 16#9e3779b97f4a7c15),
    Z0 = mask(64, (X bxor (X bsr 30)) * 16#bf58476d1ce4e5b9),
    Z1 = mask(64, (Z0 bxor (Z0 bsr 27)) * 16#94d049bb133111eb),
    {Z1 bxor (Z1 bsr 31), X}.

%% N non-zero 58-bit words from SplitMix64 started at X
seed58(0, _X) -> [];
seed58(N, X) ->
    {Z, X1} = seed58(X),
    [Z | seed58(N - 1, X1)].

seed58(X0) ->
    {Z, X} = splitmix64_next(X0),
    case mask(58, Z) of
        0 -> seed58(X);
        Z58 -> {Z58, X}
    end.

seed64(0, _X) -> [];
seed64(N, X) ->
    {Z, X1} = seed64(X),
    [Z | seed64(N - 1, X1)].

seed64(X0) ->
    case splitmix64_next(X0) of
        {0, X} -> seed64(X);
        ZX -> ZX
    end.

%% A list seed: exactly up to N integers, masked to W bits, padded with
%% zeros; not all may be zero.
seed_list(N, List, W) ->
    seed_list(N, List, W, false).

seed_list(_N, [], _W, false) -> erlang:error(zero_seed);
seed_list(0, [_ | _], _W, _NonZero) -> erlang:error(too_many_seed_integers);
seed_list(0, [], _W, _NonZero) -> [];
seed_list(N, [], W, true) -> [0 | seed_list(N - 1, [], W, true)];
seed_list(N, [S | Ss], W, NonZero) when is_integer(S) ->
    M = mask(W, S),
    [M | seed_list(N - 1, Ss, W, NonZero orelse M =/= 0)];
seed_list(_N, [_ | _], _W, _NonZero) ->
    erlang:error(non_integer_seed).

%% ---------------------------------------------------------------------
%% Xorshift116 (exsss: ** scrambler, exsp/exsplus: + scrambler).
%% The state is the improper list [S1 | S0]: the head is the word that is
%% updated, the tail the one the output is made from.
%% ---------------------------------------------------------------------

exsss_seed(L) when is_list(L) ->
    [A, B] = seed_list(2, L, 58),
    [A | B];
exsss_seed(X) when is_integer(X) ->
    [A, B] = seed58(2, X),
    [A | B];
exsss_seed({A1, A2, A3}) ->
    {_, X0} = seed58(A1),
    {S0, X1} = seed58(A2 bxor X0),
    {S1, _} = seed58(A3 bxor X1),
    [S0 | S1].

exsp_seed(L) when is_list(L) ->
    [A, B] = seed_list(2, L, 58),
    [A | B];
exsp_seed(X) when is_integer(X) ->
    [A, B] = seed58(2, X),
    [A | B];
exsp_seed({A1, A2, A3}) ->
    {_, [_ | T]} = exsp_next([mask(58, A1 * 4294967197 + 1) |
                              mask(58, A2 * 4294967231 + 1)]),
    {_, R} = exsp_next([mask(58, A3 * 4294967279 + 1) | T]),
    R.

%% one step of the Xorshift116 linear engine
exs116_step(S1, S0) ->
    T = mask(58, S1) bxor shl(58, S1, 24),
    T bxor S0 bxor (T bsr 11) bxor (S0 bsr 41).

%% the ** scrambler: rotl(S * 5, 7) * 9 modulo 2^58
starstar(S) ->
    A = S + shl(58, S, 2),
    B = shl(58, A, 7) bor mask(7, A bsr 51),
    mask(58, B + shl(58, B, 3)).

exsss_next([S1 | S0]) ->
    S = mask(58, S0),
    {starstar(S), [S | exs116_step(S1, S)]}.

exsp_next([S1 | S0]) ->
    S = mask(58, S0),
    New = exs116_step(S1, S),
    {mask(58, S + New), [S | New]}.

exsss_float({H, R0}) ->
    {V, R1} = exsss_next(R0),
    {(V bsr 5) * ?EPS53, {H, R1}}.

exsp_float({H, R0}) ->
    {V, R1} = exsp_next(R0),
    {(V bsr 5) * ?EPS53, {H, R1}}.

exsss_range(N, {H, R0}) ->
    {V, R1} = exsss_next(R0),
    range(N, 58, V, H, R1, fun exsss_range/2).

exsp_range(N, {H, R0}) ->
    {V, R1} = exsp_next(R0),
    range(N, 58, V, H, R1, fun exsp_range/2).

%% jump ahead 2^64 steps: the xor of the states at the set bits of the
%% jump polynomial
-define(EXS116_JUMP, ((16#345d2a0f85f788c bsl 58) bor 16#02f8ea6bc32c797)).

exs116_jump({H, S}) ->
    {H, exsp_jump(S)}.

exsp_jump(S) ->
    exs116_jump(S, 0, 0, ?EXS116_JUMP).

exs116_jump(_S, A0, A1, 0) ->
    [A0 | A1];
exs116_jump([S0 | S1] = S, A0, A1, J) ->
    {_, Next} = exsp_next(S),
    case J band 1 of
        1 -> exs116_jump(Next, A0 bxor S0, A1 bxor S1, J bsr 1);
        0 -> exs116_jump(Next, A0, A1, J bsr 1)
    end.

%% ---------------------------------------------------------------------
%% Xoroshiro116+ (exrop).  State [S0 | S1].
%% ---------------------------------------------------------------------

exrop_seed(L) when is_list(L) ->
    [A, B] = seed_list(2, L, 58),
    [A | B];
exrop_seed(X) when is_integer(X) ->
    [A, B] = seed58(2, X),
    [A | B];
exrop_seed({A1, A2, A3}) ->
    [_ | S1] = exrop_step(mask(58, A1 * 4294967197 + 1),
                          mask(58, A2 * 4294967231 + 1)),
    exrop_step(mask(58, A3 * 4294967279 + 1), S1).

exrop_step(S0, S1) ->
    T = S1 bxor S0,
    [rotl(58, S0, 24) bxor T bxor shl(58, T, 2) | rotl(58, T, 35)].

exrop_next([S0 | S1]) ->
    {mask(58, S0 + S1), exrop_step(S0, S1)}.

exrop_float({H, R0}) ->
    {V, R1} = exrop_next(R0),
    {(V bsr 5) * ?EPS53, {H, R1}}.

exrop_range(N, {H, R0}) ->
    {V, R1} = exrop_next(R0),
    range(N, 58, V, H, R1, fun exrop_range/2).

-define(EXROP_JUMP, 16#9863200f83fcd4a11293241fcb12a).

exrop_jump({H, S}) ->
    {H, exrop_jump(S, 0, 0, ?EXROP_JUMP)}.

exrop_jump(_S, A0, A1, 0) ->
    [A0 | A1];
exrop_jump([S0 | S1], A0, A1, J) ->
    Next = exrop_step(S0, S1),
    case J band 1 of
        1 -> exrop_jump(Next, A0 bxor S0, A1 bxor S1, J bsr 1);
        0 -> exrop_jump(Next, A0, A1, J bsr 1)
    end.

%% ---------------------------------------------------------------------
%% Xorshift64* (exs64, deprecated).  State: one 64-bit word.
%% ---------------------------------------------------------------------

exs64_seed(L) when is_list(L) ->
    [R] = seed_list(1, L, 64),
    R;
exs64_seed(A) when is_integer(A) ->
    [R] = seed64(1, A),
    R;
exs64_seed({A1, A2, A3}) ->
    {V1, _} = exs64_next(mask(32, A1) * 4294967197 + 1),
    {V2, _} = exs64_next(mask(32, A2) * 4294967231 + 1),
    {V3, _} = exs64_next(mask(32, A3) * 4294967279 + 1),
    (V1 * V2 * V3) rem (?M64 - 1) + 1.

exs64_next(R) ->
    R1 = R bxor (R bsr 12),
    R2 = R1 bxor shl(64, R1, 25),
    R3 = R2 bxor (R2 bsr 27),
    {mask(64, R3 * 2685821657736338717), R3}.

%% ---------------------------------------------------------------------
%% Xorshift1024* (exs1024s, exs1024).  The 16 words are kept as a queue
%% {Front, RevBack}; Front is never empty.
%% ---------------------------------------------------------------------

exs1024_seed(L) when is_list(L) ->
    {seed_list(16, L, 64), []};
exs1024_seed(X) when is_integer(X) ->
    {seed64(16, X), []};
exs1024_seed({A1, A2, A3}) ->
    B1 = mask(21, (mask(21, A1) + 1) * 2097131),
    B2 = mask(21, (mask(21, A2) + 1) * 2097133),
    B3 = mask(21, (mask(21, A3) + 1) * 2097143),
    {exs64_words(16, (B1 bsl 43) bor (B2 bsl 22) bor (B3 bsl 1) bor 1, []), []}.

%% N outputs of Xorshift64*, the last one first
exs64_words(0, _R, Acc) -> Acc;
exs64_words(N, R, Acc) ->
    {X, R1} = exs64_next(R),
    exs64_words(N - 1, R1, [X | Acc]).

exs1024_next({[S0, S1 | Rest], Back}) ->
    A = S1 bxor shl(64, S1, 31),
    B = A bxor (A bsr 11),
    New = (S0 bxor (S0 bsr 30)) bxor B,
    {mask(64, New * 1181783497276652981), {[New | Rest], [S0 | Back]}};
exs1024_next({[Last], Back}) ->
    exs1024_next({[Last | lists:reverse(Back)], []}).

%% jump ahead 2^512 steps; the polynomial as 58-bit chunks, lowest first
-define(EXS1024_JUMP,
        [16#00242f96eca9c41d, 16#0196e1ddbe5a1561, 16#0239f070b5837a3c,
         16#03f393cc68796cd2, 16#0248316f404489af, 16#039a30088bffbac2,
         16#02fea70dc2d9891f, 16#032ae0d9644caec4, 16#0313aac17d8efa43,
         16#02f132e055642626, 16#01ee975283d71c93, 16#00552321b06f5501,
         16#00c41d10a1e6a569, 16#019158ecf8aa1e44, 16#004e9fc949d0b5fc,
         16#0363da172811fdda, 16#030e38c3b99181f2, 16#0000000a118038fc]).

exs1024_jump({H, {_, Back} = S}) ->
    Poly = lists:foldr(fun(W, Acc) -> (Acc bsl 58) bor W end, 0, ?EXS1024_JUMP),
    Acc = exs1024_jump(S, lists:duplicate(16, 0), Poly, 1024),
    {Front, Rest} = lists:split(16 - length(Back), Acc),
    {H, {Front, lists:reverse(Rest)}}.

exs1024_jump(_S, Acc, _J, 0) ->
    Acc;
exs1024_jump({Front, Back} = S, Acc, J, Left) ->
    {_, Next} = exs1024_next(S),
    case J band 1 of
        1 ->
            Acc1 = xor_lists(Acc, Front ++ lists:reverse(Back)),
            exs1024_jump(Next, Acc1, J bsr 1, Left - 1);
        0 ->
            exs1024_jump(Next, Acc, J bsr 1, Left - 1)
    end.

xor_lists([A | As], [B | Bs]) -> [A bxor B | xor_lists(As, Bs)];
xor_lists([], []) -> [].

%% ---------------------------------------------------------------------
%% Xoroshiro928** (exro928ss).  16 58-bit words in a queue {Front, RevBack}.
%% ---------------------------------------------------------------------

exro928_seed(L) when is_list(L) ->
    {seed_list(16, L, 58), []};
exro928_seed(X) when is_integer(X) ->
    {seed58(16, X), []};
exro928_seed({A1, A2, A3}) ->
    {S0, X0} = seed58(A1),
    {S1, X1} = seed58(A2 bxor X0),
    {S2, X2} = seed58(A3 bxor X1),
    {[S0, S1, S2 | seed58(13, X2)], []}.

exro928ss_next({[S15, S0 | Ss], Rs}) ->
    {starstar(S0), exro928_step(Ss, Rs, S15, S0)};
exro928ss_next({[S15], Rs}) ->
    exro928ss_next({[S15 | lists:reverse(Rs)], []}).

exro928_next({[S15, S0 | Ss], Rs}) ->
    {{S15, S0}, exro928_step(Ss, Rs, S15, S0)};
exro928_next({[S15], Rs}) ->
    exro928_next({[S15 | lists:reverse(Rs)], []}).

exro928_next_state({[S15, S0 | Ss], Rs}) ->
    exro928_step(Ss, Rs, S15, S0);
exro928_next_state({[S15], Rs}) ->
    [S0 | Ss] = lists:reverse(Rs),
    exro928_step(Ss, [], S15, S0).

exro928_step(Ss, Rs, S15, S0) ->
    A = mask(58, S0),
    Q = mask(58, S15) bxor A,
    New15 = rotl(58, A, 44) bxor Q bxor shl(58, Q, 9),
    New0 = rotl(58, Q, 45),
    {[New0 | Ss], [New15 | Rs]}.

exro928ss_float({H, SR}) ->
    {V, SR1} = exro928ss_next(SR),
    {(V bsr 5) * ?EPS53, {H, SR1}}.

exro928ss_range(N, {H, SR}) ->
    {V, SR1} = exro928ss_next(SR),
    range(N, 58, V, H, SR1, fun exro928ss_range/2).

exro928_jump({H, SR}) ->
    {H, exro928_jump_2pow512(SR)}.

%% Jump polynomials as 58-bit chunks, lowest first, each with bit 58 set as
%% an end marker.
exro928_jump_2pow512(SR) ->
    poly_jump(SR,
              [16#4085302F77130CA, 16#54E07F7F4524091, 16#5E1D7D6813D2BA0,
               16#4687ACEF8644287, 16#4567FD9F0B83FE5, 16#43E6D27EA06C024,
               16#641E015AC26D5D2, 16#6CD61377663B92F, 16#70A0657E19F00D4,
               16#43C0BDDE15CF3C3, 16#745A3A8A3CEF3CC, 16#58A8CF308C8E0C6,
               16#7B7C4CC049C536E, 16#431801F9DB3AF2C, 16#41A1504ACD83F24,
               16#6C41DCF2F867D7F]).

exro928_jump_2pow20(SR) ->
    poly_jump(SR,
              [16#5B966A3DAF905E6, 16#601E9589C33DE2F, 16#74A806C17E9E644,
               16#59AFEB4F1DF6A43, 16#46D8E75664A4268, 16#42E2C246BDA670C,
               16#4531FB8EBC73C70, 16#537F702069EFC52, 16#4B6DC4D3AF15F8A,
               16#5A4189F0050263D, 16#46DF2EB1FEAF0FB, 16#77AC696A43CB9AC,
               16#4C5878C3549BD5B, 16#7CCF20BCF522920, 16#415FEFCC78FF45E,
               16#72CF460728C2FAF]).

poly_jump({Ss, Rs} = SR, Words) ->
    poly_jump(SR, Words, lists:duplicate(length(Ss) + length(Rs), 0)).

poly_jump(_SR, [], Acc) ->
    {Acc, []};
poly_jump(SR, [W | Ws], Acc) ->
    poly_word(SR, Ws, Acc, W).

poly_word(SR, Ws, Acc, 1) ->
    poly_jump(SR, Ws, Acc);
poly_word({Ss, Rs} = SR, Ws, Acc, W) ->
    Next = exro928_next_state(SR),
    case W band 1 of
        0 -> poly_word(Next, Ws, Acc, W bsr 1);
        1 -> poly_word(Next, Ws, xor_lists(Acc, Ss ++ lists:reverse(Rs)), W bsr 1)
    end.

%% ---------------------------------------------------------------------
%% dummy: a trivial generator for measuring the framework's overhead
%% ---------------------------------------------------------------------

dummy_next(R) -> {R, R bxor ?M58}.

dummy_float({H, R}) -> {0.5, {H, R bxor ?M58}}.

dummy_range(_N, {H, R}) -> {1, {H, R bxor ?M58}}.

dummy_seed([]) -> erlang:error(zero_seed);
dummy_seed([X]) when is_integer(X) -> mask(58, X);
dummy_seed([X | _]) when is_integer(X) -> erlang:error(too_many_seed_integers);
dummy_seed([_ | _]) -> erlang:error(non_integer_seed);
dummy_seed(X) when is_integer(X) ->
    {Z, _} = splitmix64_next(X),
    mask(58, Z);
dummy_seed({A1, A2, A3}) ->
    {_, X1} = splitmix64_next(A1),
    {_, X2} = splitmix64_next(A2 bxor X1),
    {Z, _} = splitmix64_next(A3 bxor X2),
    mask(58, Z).

%% ---------------------------------------------------------------------
%% MWC59: a multiply-with-carry generator on a bare integer state
%% (multiplier 16#7fa6502, 32-bit digit), with xorshift scramblers.
%% ---------------------------------------------------------------------

mwc59(CX0) ->
    CX = mask(59, CX0),
    16#7fa6502 * mask(32, CX) + (CX bsr 32).

mwc59_value32(CX0) ->
    CX = mask(32, CX0),
    CX bxor shl(32, CX, 8).

mwc59_value(CX0) ->
    CX = mask(59, CX0),
    CX1 = CX bxor shl(59, CX, 4),
    CX1 bxor shl(59, CX1, 27).

mwc59_float(CX0) ->
    CX = mask(53, CX0),
    CX1 = CX bxor shl(53, CX, 4),
    CX2 = CX1 bxor shl(53, CX1, 27),
    CX2 * ?EPS53.

mwc59_seed() ->
    {A, B, C} = entropy(),
    (hash58(A) bxor hash58(B) bxor hash58(C)) + 1.

mwc59_seed(S) when is_integer(S), 0 =< S, S =< ?M58 ->
    hash58(S) + 1.

%% a bijective 58-bit mixer
hash58(X) ->
    X0 = mask(58, X),
    X1 = mask(58, (X0 bxor (X0 bsr 29)) * 16#351afd7ed558ccd),
    X2 = mask(58, (X1 bxor (X1 bsr 29)) * 16#0ceb9fe1a85ec53),
    X2 bxor (X2 bsr 29).

%% ---------------------------------------------------------------------
%% Float helpers
%% ---------------------------------------------------------------------

make_float(S, E, M) ->
    <<F/float>> = <<S:1, E:11, M:52>>,
    F.

float2str(N) ->
    <<S:1, E:11, M:52>> = <<(float(N))/float>>,
    lists:flatten(
      io_lib:format("~c~c.~13.16.0bE~b",
                    [case S of 1 -> $-; 0 -> $+ end,
                     case E of 0 -> $0; _ -> $1 end,
                     M, E - 16#3ff])).

%% ---------------------------------------------------------------------
%% Ziggurat tables (256 layers): integer thresholds K, widths W and
%% densities F at the layer edges, indexed from 1.
%% ---------------------------------------------------------------------

ziggurat_k(I) ->
    element(I, {2104047571236786, 0, 1693657211986787, 1919380038271141,
        2015384402196343, 2068365869448128, 2101878624052573, 2124958784102998,
        2141808670795147, 2154644611568301, 2164744887587275, 2172897953696594,
        2179616279372365, 2185247251868649, 2190034623107822, 2194154434521197,
        2197736978774660, 2200880740891961, 2203661538010620, 2206138681109102,
        2208359231806599, 2210361007258210, 2212174742388539, 2213825672704646,
        2215334711002614, 2216719334487595, 2217994262139172, 2219171977965032,
        2220263139538712, 2221276900117330, 2222221164932930, 2223102796829069,
        2223927782546658, 2224701368170060, 2225428170204312, 2226112267248242,
        2226757276105256, 2227366415328399, 2227942558554684, 2228488279492521,
        2229005890047222, 2229497472775193, 2229964908627060, 2230409900758597,
        2230833995044585, 2231238597816133, 2231624991250191, 2231994346765928,
        2232347736722750, 2232686144665934, 2233010474325959, 2233321557544881,
        2233620161276071, 2233906993781271, 2234182710130335, 2234447917093496,
        2234703177503020, 2234949014150181, 2235185913274316, 2235414327692884,
        2235634679614920, 2235847363174595, 2236052746716837, 2236251174862869,
        2236442970379967, 2236628435876762, 2236807855342765, 2236981495548562,
        2237149607321147, 2237312426707209, 2237470176035652, 2237623064889403,
        2237771290995388, 2237915041040597, 2238054491421305, 2238189808931712,
        2238321151397660, 2238448668260432, 2238572501115169, 2238692784207942,
        2238809644895133, 2238923204068402, 2239033576548190, 2239140871448443,
        2239245192514958, 2239346638439541, 2239445303151952, 2239541276091442,
        2239634642459498, 2239725483455293, 2239813876495186, 2239899895417494,
        2239983610673676, 2240065089506935, 2240144396119183, 2240221591827230,
        2240296735208969, 2240369882240293, 2240441086423386, 2240510398907004,
        2240577868599305, 2240643542273726, 2240707464668391, 2240769678579486,
        2240830224948980, 2240889142947082, 2240946470049769, 2241002242111691,
        2241056493434746, 2241109256832602, 2241160563691400, 2241210444026879,
        2241258926538122, 2241306038658137, 2241351806601435, 2241396255408788,
        2241439408989313, 2241481290160038, 2241521920683062, 2241561321300462,
        2241599511767028, 2241636510880960, 2241672336512612, 2241707005631362,
        2241740534330713, 2241772937851689, 2241804230604585, 2241834426189161,
        2241863537413311, 2241891576310281, 2241918554154466, 2241944481475843,
        2241969368073071, 2241993223025298, 2242016054702685, 2242037870775710,
        2242058678223225, 2242078483339331, 2242097291739040, 2242115108362774,
        2242131937479672, 2242147782689725, 2242162646924736, 2242176532448092,
        2242189440853337, 2242201373061537, 2242212329317416, 2242222309184237,
        2242231311537397, 2242239334556717, 2242246375717369, 2242252431779415,
        2242257498775893, 2242261571999416, 2242264645987196, 2242266714504453,
        2242267770526109, 2242267806216711, 2242266812908462, 2242264781077289,
        2242261700316818, 2242257559310145, 2242252345799276, 2242246046552082,
        2242238647326615, 2242230132832625, 2242220486690076, 2242209691384458,
        2242197728218684, 2242184577261310, 2242170217290819, 2242154625735679,
        2242137778609839, 2242119650443327, 2242100214207556, 2242079441234906,
        2242057301132135, 2242033761687079, 2242008788768107, 2241982346215682,
        2241954395725356, 2241924896721443, 2241893806220517, 2241861078683830,
        2241826665857598, 2241790516600041, 2241752576693881, 2241712788642916,
        2241671091451078, 2241627420382235, 2241581706698773, 2241533877376767,
        2241483854795281, 2241431556397035, 2241376894317345, 2241319774977817,
        2241260098640860, 2241197758920538, 2241132642244704, 2241064627262652,
        2240993584191742, 2240919374095536, 2240841848084890, 2240760846432232,
        2240676197587784, 2240587717084782, 2240495206318753, 2240398451183567,
        2240297220544165, 2240191264522612, 2240080312570155, 2239964071293331,
        2239842221996530, 2239714417896699, 2239580280957725, 2239439398282193,
        2239291317986196, 2239135544468203, 2238971532964979, 2238798683265269,
        2238616332424351, 2238423746288095, 2238220109591890, 2238004514345216,
        2237775946143212, 2237533267957822, 2237275200846753, 2237000300869952,
        2236706931309099, 2236393229029147, 2236057063479501, 2235695986373246,
        2235307169458859, 2234887326941578, 2234432617919447, 2233938522519765,
        2233399683022677, 2232809697779198, 2232160850599817, 2231443750584641,
        2230646845562170, 2229755753817986, 2228752329126533, 2227613325162504,
        2226308442121174, 2224797391720399, 2223025347823832, 2220915633329809,
        2218357446087030, 2215184158448668, 2211132412537369, 2205758503851065,
        2198248265654987, 2186916352102141, 2167562552481814, 2125549880839716}).

ziggurat_w(I) ->
    element(I, {1.736725412160263e-15, 9.558660351455634e-17, 1.2708704834810623e-16, 1.4909740962495474e-16,
        1.6658733631586268e-16, 1.8136120810119029e-16, 1.9429720153135588e-16, 2.0589500628482093e-16,
        2.1646860576895422e-16, 2.2622940392218116e-16, 2.353271891404589e-16, 2.438723455742877e-16,
        2.5194879829274225e-16, 2.5962199772528103e-16, 2.6694407473648285e-16, 2.7395729685142446e-16,
        2.8069646002484804e-16, 2.871905890411393e-16, 2.9346417484728883e-16, 2.9953809336782113e-16,
        3.054303000719244e-16, 3.111563633892157e-16, 3.1672988018581815e-16, 3.2216280350549905e-16,
        3.274657040793975e-16, 3.326479811684171e-16, 3.377180341735323e-16, 3.4268340353119356e-16,
        3.475508873172976e-16, 3.523266384600203e-16, 3.5701624633953494e-16, 3.616248057159834e-16,
        3.661569752965354e-16, 3.7061702777236077e-16, 3.75008892787478e-16, 3.7933619401549554e-16,
        3.836022812967728e-16, 3.8781025861250247e-16, 3.919630085325768e-16, 3.9606321366256378e-16,
        4.001133755254669e-16, 4.041158312414333e-16, 4.080727683096045e-16, 4.119862377480744e-16,
        4.1585816580828064e-16, 4.1969036444740733e-16, 4.234845407152071e-16, 4.272423051889976e-16,
        4.309651795716294e-16, 4.346546035512876e-16, 4.383119410085457e-16, 4.4193848564470665e-16,
        4.455354660957914e-16, 4.491040505882875e-16, 4.52645351185714e-16, 4.561604276690038e-16,
        4.596502910884941e-16, 4.631159070208165e-16, 4.665581985600875e-16, 4.699780490694195e-16,
        4.733763047158324e-16, 4.767537768090853e-16, 4.8011124396270155e-16, 4.834494540935008e-16,
        4.867691262742209e-16, 4.900709524522994e-16, 4.933555990465414e-16, 4.966237084322178e-16,
        4.998759003240909e-16, 5.031127730659319e-16, 5.0633490483427195e-16, 5.095428547633892e-16,
        5.127371639978797e-16, 5.159183566785736e-16, 5.190869408670343e-16, 5.222434094134042e-16,
        5.253882407719454e-16, 5.285218997682382e-16, 5.316448383216618e-16, 5.34757496126473e-16,
        5.378603012945235e-16, 5.409536709623993e-16, 5.440380118655467e-16, 5.471137208817361e-16,
        5.501811855460336e-16, 5.532407845392784e-16, 5.56292888151909e-16, 5.593378587248462e-16,
        5.623760510690043e-16, 5.65407812864896e-16, 5.684334850436814e-16, 5.714534021509204e-16,
        5.744678926941961e-16, 5.774772794756965e-16, 5.804818799107686e-16, 5.834820063333892e-16,
        5.864779662894365e-16, 5.894700628185872e-16, 5.924585947256134e-16, 5.95443856841806e-16,
        5.984261402772028e-16, 6.014057326642664e-16, 6.043829183936125e-16, 6.073579788423606e-16,
        6.103311925956439e-16, 6.133028356617911e-16, 6.162731816816596e-16, 6.192425021325847e-16,
        6.222110665273788e-16, 6.251791426088e-16, 6.281469965398895e-16, 6.311148930905604e-16,
        6.34083095820806e-16, 6.370518672608815e-16, 6.400214690888025e-16, 6.429921623054896e-16,
        6.459642074078832e-16, 6.489378645603397e-16, 6.519133937646159e-16, 6.548910550287415e-16,
        6.578711085350741e-16, 6.608538148078259e-16, 6.638394348803506e-16, 6.668282304624746e-16,
        6.698204641081558e-16, 6.728163993837531e-16, 6.758163010371901e-16, 6.78820435168298e-16,
        6.818290694006254e-16, 6.848424730550038e-16, 6.878609173251664e-16, 6.908846754557169e-16,
        6.939140229227569e-16, 6.969492376174829e-16, 6.999906000330764e-16, 7.030383934552151e-16,
        7.060929041565482e-16, 7.091544215954873e-16, 7.122232386196779e-16, 7.152996516745303e-16,
        7.183839610172063e-16, 7.214764709364707e-16, 7.245774899788387e-16, 7.276873311814693e-16,
        7.308063123122743e-16, 7.339347561177405e-16, 7.370729905789831e-16, 7.4022134917658e-16,
        7.433801711647648e-16, 7.465498018555889e-16, 7.497305929136979e-16, 7.529229026624058e-16,
        7.561270964017922e-16, 7.5934354673958895e-16, 7.625726339356756e-16, 7.658147462610487e-16,
        7.690702803721919e-16, 7.723396417018299e-16, 7.756232448671174e-16, 7.789215140963852e-16,
        7.822348836756411e-16, 7.855637984161084e-16, 7.889087141441755e-16, 7.922700982152271e-16,
        7.956484300529366e-16, 7.99044201715713e-16, 8.024579184921259e-16, 8.058900995272657e-16,
        8.093412784821501e-16, 8.128120042284501e-16, 8.163028415809877e-16, 8.198143720706533e-16,
        8.23347194760605e-16, 8.26901927108847e-16, 8.304792058805374e-16, 8.340796881136629e-16,
        8.377040521420222e-16, 8.413529986798028e-16, 8.450272519724097e-16, 8.487275610186155e-16,
        8.524547008695596e-16, 8.562094740106233e-16, 8.599927118327665e-16, 8.638052762005259e-16,
        8.676480611245582e-16, 8.715219945473698e-16, 8.754280402517175e-16, 8.793671999021043e-16,
        8.833405152308408e-16, 8.873490703813135e-16, 8.913939944224086e-16, 8.954764640495068e-16,
        8.9959770648911e-16, 9.037590026260118e-16, 9.079616903740068e-16, 9.122071683134846e-16,
        9.164968996219135e-16, 9.208324163262308e-16, 9.252153239095693e-16, 9.296473063086417e-16,
        9.341301313425265e-16, 9.38665656618666e-16, 9.432558359676707e-16, 9.479027264651738e-16,
        9.526084961066279e-16, 9.57375432209745e-16, 9.622059506294838e-16, 9.671026058823054e-16,
        9.720681022901626e-16, 9.771053062707209e-16, 9.822172599190541e-16, 9.874071960480671e-16,
        9.926785548807976e-16, 9.980350026183645e-16, 1.003480452143618e-15, 1.0090190861637457e-15,
        1.0146553831467086e-15, 1.0203941464683124e-15, 1.0262405372613567e-15, 1.0322001115486456e-15,
        1.03827886235154e-15, 1.044483267600047e-15, 1.0508203448355195e-15, 1.057297713900989e-15,
        1.06392366906768e-15, 1.0707072623632994e-15, 1.0776584002668106e-15, 1.0847879564403425e-15,
        1.0921079038149563e-15, 1.0996314701785628e-15, 1.1073733224935752e-15, 1.1153497865853155e-15,
        1.1235791107110833e-15, 1.1320817840164846e-15, 1.140880924258278e-15, 1.1500027537839792e-15,
        1.159477189144919e-15, 1.169338578691096e-15, 1.17962663529558e-15, 1.190387629928289e-15,
        1.2016759392543819e-15, 1.2135560818666897e-15, 1.2261054417450561e-15, 1.2394179789163251e-15,
        1.2536093926602567e-15, 1.268824481425501e-15, 1.2852479319096109e-15, 1.3031206634689985e-15,
        1.3227655770195326e-15, 1.3446300925011171e-15, 1.3693606835128518e-15, 1.397943667277524e-15,
        1.4319989869661328e-15, 1.4744848603597596e-15, 1.5317872741611144e-15, 1.6227698675312968e-15}).

ziggurat_f(I) ->
    element(I, {1.0, 0.9771017012676708, 0.959879091800106, 0.9451989534422991,
        0.9320600759592299, 0.9199915050393465, 0.9087264400521303, 0.898095921898343,
        0.8879846607558328, 0.8783096558089168, 0.8690086880368565, 0.8600336211963311,
        0.8513462584586775, 0.8429156531122037, 0.834716292986883, 0.8267268339462209,
        0.8189291916037019, 0.8113078743126557, 0.8038494831709638, 0.7965423304229584,
        0.789376143566024, 0.782341832654802, 0.7754313049811866, 0.7686373157984857,
        0.7619533468367948, 0.7553735065070957, 0.7488924472191564, 0.7425052963401506,
        0.7362075981268621, 0.7299952645614757, 0.7238645334686297, 0.7178119326307215,
        0.711834248878248, 0.7059285013327538, 0.7000919181365112, 0.6943219161261163,
        0.6886160830046714, 0.6829721616449943, 0.6773880362187731, 0.6718617198970817,
        0.6663913439087498, 0.6609751477766628, 0.6556114705796969, 0.6502987431108164,
        0.645035480820822, 0.6398202774530561, 0.6346517992876233, 0.6295287799248362,
        0.6244500155470261, 0.619414360605834, 0.6144207238889134, 0.6094680649257731,
        0.6045553906974673, 0.5996817526191248, 0.5948462437679869, 0.5900479963328255,
        0.5852861792633709, 0.5805599961007903, 0.5758686829723532, 0.5712115067352527,
        0.5665877632561639, 0.5619967758145239, 0.5574378936187655, 0.5529104904258318,
        0.5484139632552654, 0.5439477311900258, 0.5395112342569516, 0.5351039323804572,
        0.5307253044036615, 0.526374847171684, 0.5220520746723214, 0.5177565172297559,
        0.5134877207473265, 0.5092452459957476, 0.5050286679434679, 0.5008375751261483,
        0.4966715690524893, 0.49253026364386815, 0.4884132847054576, 0.4843202694266829,
        0.4802508659090464, 0.4762047327195055, 0.47218153846772976, 0.4681809614056932,
        0.4642026890481739, 0.4602464178128425, 0.4563118526787161, 0.45239870686184824,
        0.44850670150720273, 0.4446355653957391, 0.44078503466580377, 0.43695485254798533,
        0.4331447691126521, 0.42935454102944126, 0.4255839313380218, 0.42183270922949573,
        0.41810064983784795, 0.4143875340408909, 0.410693148270188, 0.40701728432947315,
        0.4033597392211143, 0.399720314980197, 0.39609881851583223, 0.3924950614593154,
        0.38890886001878855, 0.38534003484007706, 0.38178841087339344, 0.37825381724561896,
        0.37473608713789086, 0.3712350576682392, 0.36775056977903225, 0.3642824681290037,
        0.36083060098964775, 0.3573948201457802, 0.35397498080007656, 0.3505709414814059,
        0.3471825639567935, 0.34380971314685055, 0.34045225704452164, 0.3371100666370059,
        0.33378301583071823, 0.3304709813791634, 0.3271738428136013, 0.32389148237639104,
        0.3206237849569053, 0.3173706380299135, 0.31413193159633707, 0.31090755812628634,
        0.3076974125042919, 0.3045013919766498, 0.3013193961008029, 0.2981513266966853,
        0.29499708779996164, 0.291856585617095, 0.2887297284821827, 0.2856164268155016,
        0.2825165930837074, 0.2794301417616377, 0.2763569892956681, 0.2732970540685769,
        0.2702502563658752, 0.26721651834356114, 0.2641957639972608, 0.2611879191327208,
        0.2581929113376189, 0.2552106699546617, 0.2522411260559419, 0.24928421241852824,
        0.24633986350126363, 0.24340801542275012, 0.2404886059405004, 0.23758157443123795,
        0.2346868618723299, 0.23180441082433859, 0.22893416541468023, 0.2260760713223802,
        0.22323007576391746, 0.22039612748015194, 0.21757417672433113, 0.21476417525117358,
        0.21196607630703015, 0.209179834621125, 0.20640540639788071, 0.20364274931033485,
        0.20089182249465656, 0.1981525865457751, 0.19542500351413428, 0.19270903690358912,
        0.19000465167046496, 0.18731181422380025, 0.18463049242679927, 0.18196065559952254,
        0.17930227452284767, 0.176655321443735, 0.17401977008183875, 0.17139559563750595,
        0.1687827748012115, 0.16618128576448205, 0.1635911082323657, 0.16101222343751107,
        0.1584446141559243, 0.1558882647244792, 0.15334316106026283, 0.15080929068184568,
        0.14828664273257453, 0.14577520800599403, 0.1432749789735134, 0.1407859498144447,
        0.1383081164485507, 0.13584147657125373, 0.13338602969166913, 0.1309417771736443,
        0.12850872227999952, 0.12608687022018586, 0.12367622820159654, 0.12127680548479021,
        0.11888861344290998, 0.1165116656256108, 0.11414597782783835, 0.111791568163838,
        0.10944845714681163, 0.10711666777468364, 0.1047962256224869, 0.10248715894193508,
        0.10018949876880981, 0.09790327903886228, 0.09562853671300882, 0.09336531191269086,
        0.09111364806637363, 0.08887359206827579, 0.08664519445055796, 0.08442850957035337,
        0.08222359581320286, 0.08003051581466306, 0.07784933670209604, 0.07568013035892707,
        0.07352297371398127, 0.07137794905889037, 0.06924514439700677, 0.0671246538277885,
        0.06501657797124284, 0.06292102443775811, 0.060838108349539864, 0.05876795292093376,
        0.0567106901062029, 0.054666461324888914, 0.052635418276792176, 0.05061772386094776,
        0.04861355321586852, 0.04662309490193037, 0.04464655225129444, 0.04268414491647443,
        0.04073611065594093, 0.03880270740452611, 0.036884215688567284, 0.034980941461716084,
        0.03309321945857852, 0.031221417191920245, 0.029365939758133314, 0.027527235669603082,
        0.025705804008548896, 0.023902203305795882, 0.022117062707308864, 0.020351096230044517,
        0.018605121275724643, 0.016880083152543166, 0.015177088307935325, 0.01349745060173988,
        0.011842757857907888, 0.010214971439701471, 0.008616582769398732, 0.007050875471373227,
        0.005522403299250997, 0.0040379725933630305, 0.0026090727461021627, 0.0012602859304985975}).


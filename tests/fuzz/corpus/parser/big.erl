%% A module that uses most of the language.
-module(big).
-author("me").
-vsn(1).
-behaviour(gen_server).
-export([start/0, f/1, g/2, h/1, recs/1, guards/1, bins/1, comps/1, tries/1, funs/0, maps/1, macros/0]).
-export_type([t/0]).
-compile([nowarn_unused_vars]).
-define(INC, included).
-record(point, {x = 0 :: integer(), y = 0, z}).
-import(lists, [reverse/1]).
-define(SQ(X), (X) * (X)).
-define(STR(X), ??X).
-define(PAIR(A, B), {A, B}).
-define(PAIR(A), {A, A}).
-define(EMPTY, ).
-type t() :: #{atom() => [integer() | {a, b}]} | fun((integer()) -> ok) | 1..10 | <<_:8, _:_*4>>.
-opaque o() :: term().
-spec f(integer()) -> integer().
-callback init(Args :: term()) -> {ok, State :: term()}.
-record(state, {count = 0 :: non_neg_integer(), items = [] :: list(), pt = #point{x = 1}}).
-dialyzer({nowarn_function, f/1}).
-ifdef(DEBUG).
-define(LOG(X), io:format("~p~n", [X])).
-else.
-define(LOG(X), ok).
-endif.
-if(?OTP_RELEASE >= 25).
otp() -> new.
-elif(?OTP_RELEASE >= 21).
otp() -> mid.
-else.
otp() -> old.
-endif.

start() -> otp().
f(X) when is_integer(X), X > 0; X =:= -1 -> ?SQ(X + 1);
f(_) -> 0.
g(A, B) ->
  C = case A of
        {ok, V} -> V;
        [H | _] when H > 1 -> H;
        "pre" ++ Rest -> Rest;
        _ -> B
      end,
  D = if C > 1 -> big; true -> small end,
  {C, D, reverse([A, B])}.
h(X) -> receive {X, Y} -> Y; stop -> ok after 1000 -> timeout end.
recs(S = #state{count = N}) ->
  S1 = S#state{count = N + 1, items = [N | S#state.items]},
  P = #point{y = 2},
  Q = P#point{z = 3},
  {S1#state.count, #state.items, record_info(size, state), record_info(fields, point),
   is_record(S, state), Q#point.x, (S1#state.pt)#point.x}.
guards(S) when S#state.count > 1, is_record(S, state) -> big;
guards(S) when is_record(S, state, 4) -> small;
guards(X) when is_map_key(a, X); map_get(a, X) =:= 1; element(1, X) == a; tuple_size(X) > 2 -> m;
guards(X) when not is_atom(X) andalso (X == 1 orelse X /= 2), abs(X) < 10 -> n.
bins(<<Size:8, Data:Size/binary, Rest/bitstring>>) ->
  <<A:4/little-signed-integer-unit:8, B/utf8>> = <<1, 2, "x"/utf8>>,
  {Data, Rest, A, B, <<(Size + 1):16/big, 0:1, Data/binary>>};
bins(_) -> <<>>.
comps(L) ->
  [X * 2 || X <- L, X > 1],
  << <<X:8>> || <<X>> <= <<1, 2, 3>> >>,
  [{X, Y} || X <- L, Y <- L, X < Y],
  [X || {X, _} <- [{1, 2}], begin Z = X, Z > 0 end].
tries(F) ->
  R = try F() of
        {ok, V} -> V;
        Other -> Other
      catch
        throw:T -> T;
        error:badarg:St -> St;
        exit:_ -> exit;
        C:E:S2 when C =:= error -> {C, E, S2};
        X -> X
      after
        cleanup
      end,
  R2 = (catch F()),
  try F() catch _:_ -> ok end,
  try F() after ok end,
  {R, R2}.
funs() ->
  F1 = fun f/1, F2 = fun lists:map/2, M = lists, F3 = fun M:foldl/3,
  F4 = fun(X) when X > 0 -> X; (_) -> 0 end,
  F5 = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end,
  X = 5,
  F6 = fun(X) -> X + 1 end,
  {F1(1), F2, F3, F4(X), F5(3), F6(1), (fun() -> X end)()}.
maps(M) ->
  M1 = #{a => 1, "b" => [2], {c} => #{}},
  M2 = M1#{a := 2, d => 4},
  #{a := A, {c} := _} = M2,
  case M of #{k := V} when V > 0 -> V; #{} -> A end.
macros() ->
  {?MODULE, ?MODULE_STRING, ?LINE, ?FUNCTION_NAME, ?FUNCTION_ARITY, ?MACHINE, ?STR(a + b), ?PAIR(1, 2), ?PAIR(x),
   ?INC, ?LOG(hello), [?EMPTY], ?FILE, $\n, $\x{41}, "\x{1F600}\s\^G\101", 'quoted atom', 1.5e-3, 2#1010, 1_000_000}.

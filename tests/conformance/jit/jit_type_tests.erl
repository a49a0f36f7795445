-module(jit_type_tests).
-export([main/0]).

%% Type-test fast paths in guards (is_integer, is_number, is_atom, is_list,
%% is_tuple, is_boolean, is_pid, is_float ...) and as expressions, over every
%% kind of term.

id(X) -> X.

values() ->
    Max = id(576460752303423487), Min = id(-576460752303423488),
    Pid = self(), Ref = make_ref(), F1 = fun(X) -> X end, F2 = fun lists:map/2,
    [{"0", 0}, {"1", 1}, {"-1", -1}, {"max", Max}, {"min", Min},
     {"max+1", Max + 1}, {"min-1", Min - 1}, {"2^64", 1 bsl 64}, {"-2^64", -(1 bsl 64)},
     {"1.0", 1.0}, {"-0.0", -0.0}, {"0.5", 0.5}, {"1e300", 1.0e300},
     {"a", a}, {"true", true}, {"false", false}, {"nil", nil}, {"''", ''},
     {"undefined", undefined}, {"[]", []}, {"[1]", [1]}, {"[1|2]", [1 | 2]},
     {"\"abc\"", "abc"}, {"[[]]", [[]]}, {"{}", {}}, {"{a}", {a}}, {"{a,b}", {a, b}},
     {"{true,false}", {true, false}}, {"big tuple", list_to_tuple(lists:seq(1, 300))},
     {"#{}", #{}}, {"#{a=>1}", #{a => 1}},
     {"<<>>", <<>>}, {"<<1,2>>", <<1, 2>>}, {"<<1:3>>", <<1:3>>},
     {"pid", Pid}, {"ref", Ref}, {"fun/1", F1}, {"fun/2", F2}].

%% guard tests, each compiled to a conditional jump
ti(X) when is_integer(X) -> 1; ti(_) -> 0.
tn(X) when is_number(X) -> 1; tn(_) -> 0.
ta(X) when is_atom(X) -> 1; ta(_) -> 0.
tl_(X) when is_list(X) -> 1; tl_(_) -> 0.
tt(X) when is_tuple(X) -> 1; tt(_) -> 0.
tb(X) when is_boolean(X) -> 1; tb(_) -> 0.
tp(X) when is_pid(X) -> 1; tp(_) -> 0.
tf(X) when is_float(X) -> 1; tf(_) -> 0.
tm(X) when is_map(X) -> 1; tm(_) -> 0.
tbin(X) when is_binary(X) -> 1; tbin(_) -> 0.
tbit(X) when is_bitstring(X) -> 1; tbit(_) -> 0.
tr(X) when is_reference(X) -> 1; tr(_) -> 0.
tfun(X) when is_function(X) -> 1; tfun(_) -> 0.
tfun1(X) when is_function(X, 1) -> 1; tfun1(_) -> 0.
tport(X) when is_port(X) -> 1; tport(_) -> 0.
tnil(X) when X =:= [] -> 1; tnil(_) -> 0.
tcons(X) when is_list(X), X =/= [] -> 1; tcons(_) -> 0.
%% pattern forms of the list tests
pnil([]) -> 1; pnil(_) -> 0.
pcons([_ | _]) -> 1; pcons(_) -> 0.
%% negated tests
nint(X) when not is_integer(X) -> 1; nint(_) -> 0.
natom(X) when not is_atom(X) -> 1; natom(_) -> 0.
%% combinations
intnotsmall(X) when is_integer(X), (X > 576460752303423487 orelse X < -576460752303423488) -> 1;
intnotsmall(_) -> 0.
num_or_atom(X) when is_number(X); is_atom(X) -> 1; num_or_atom(_) -> 0.
tuple2(X) when is_tuple(X), tuple_size(X) =:= 2 -> 1; tuple2(_) -> 0.

guards(X) ->
    [ti(X), tn(X), ta(X), tl_(X), tt(X), tb(X), tp(X), tf(X), tm(X), tbin(X), tbit(X),
     tr(X), tfun(X), tfun1(X), tport(X), tnil(X), tcons(X), pnil(X), pcons(X),
     nint(X), natom(X), intnotsmall(X), num_or_atom(X), tuple2(X)].

n(true) -> 1;
n(false) -> 0.

exprs(X) ->
    [n(is_integer(X)), n(is_number(X)), n(is_atom(X)), n(is_list(X)), n(is_tuple(X)),
     n(is_boolean(X)), n(is_pid(X)), n(is_float(X)), n(is_map(X)), n(is_binary(X)),
     n(is_bitstring(X)), n(is_reference(X)), n(is_function(X)), n(is_function(X, 1)),
     n(is_port(X)), n(X =:= []), n(is_list(X) andalso X =/= []), n(X =:= []),
     n(is_list(X) andalso X =/= []), n(not is_integer(X)), n(not is_atom(X)),
     n(is_integer(X) andalso (X > 576460752303423487 orelse X < -576460752303423488)),
     n(is_number(X) orelse is_atom(X)), n(is_tuple(X) andalso tuple_size(X) =:= 2)].

%% is_tuple + arity + first element (record-like tagged tuples)
tag({point, _, _}) -> point2;
tag({point, _, _, _}) -> point3;
tag({circle, _, _}) -> circle;
tag({_, _, _}) -> other3;
tag({}) -> empty;
tag(T) when is_tuple(T) -> {tuple, tuple_size(T)};
tag(_) -> not_tuple.

main() ->
    Vs = values(),
    lists:foreach(
      fun({Name, V}) ->
              G = guards(V), E = exprs(V),
              io:format("~-12s ~s~s~n", [Name, [$0 + B || B <- G], case G =:= E of true -> ""; false -> " MISMATCH" end])
      end, Vs),
    Tags = [{point, 1, 2}, {point, 1, 2, 3}, {circle, 0, 5}, {square, 1, 2}, {point, 1},
            {}, {point}, {1, point, 2}, [point, 1, 2], point, {"point", 1, 2},
            {point, 1, 2, 3, 4}, list_to_tuple([point | lists:seq(1, 50)])],
    io:format("~w~n", [[tag(id(T)) || T <- Tags]]),
    %% type tests inside a loop over a long mixed list
    Mixed = lists:append(lists:duplicate(1000, [1, a, 1.5, [], [x], {t}, <<>>, 1 bsl 70, true])),
    Counts = lists:foldl(
               fun(X, {I, F, A, L, T, B}) ->
                       {I + ti(X), F + tf(X), A + ta(X), L + tl_(X), T + tt(X), B + tb(X)}
               end, {0, 0, 0, 0, 0, 0}, Mixed),
    io:format("~w~n", [Counts]),
    ok.

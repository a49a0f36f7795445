%% A process that keeps most of what it allocates (comprehensions over long
%% lists, a growing map, refc binaries, deep body recursion) goes through
%% many collections, full sweeps and hibernation; every structure must come
%% out intact.
-module(gc_growth_mixed).
-export([main/0, wake/1]).
main() ->
    N = 300000,
    L = lists:seq(1, N),
    Strs = [integer_to_list(I) || I <- L],
    Bins = [<<I:64, (binary:copy(<<"x">>, 70))/binary>> || I <- lists:seq(1, 2000)],
    Pairs = [{I, [I, float(I)], <<I:32>>} || I <- L],
    M = lists:foldl(fun(I, Acc) -> Acc#{I => {I, integer_to_binary(I)}} end, #{}, lists:seq(1, 50000)),
    Deep = deep(100000),
    io:format("~p ~p~n", [length(Strs), lists:sum([length(S) || S <- Strs])]),
    io:format("~p ~p~n", [length(Bins), lists:sum([X || <<X:64, _/binary>> <- Bins])]),
    io:format("~p~n", [erlang:phash2(Pairs)]),
    io:format("~p ~p~n", [map_size(M), erlang:phash2(maps:get(777, M))]),
    io:format("~p~n", [depth(Deep, 0)]),
    Self = self(),
    P = spawn(fun() ->
                  Keep = [{I, integer_to_list(I)} || I <- lists:seq(1, 100000)],
                  Self ! ready,
                  erlang:hibernate(?MODULE, wake, [{Self, Keep, Bins}])
              end),
    receive ready -> ok end,
    P ! go,
    receive {woke, S1, S2} -> io:format("~p ~p~n", [S1, S2]) end,
    Sorted = lists:sort([-I || I <- L]),
    io:format("~p ~p~n", [hd(Sorted), lists:last(Sorted)]),
    Big = term_to_binary({Strs, Pairs}),
    {Strs2, Pairs2} = binary_to_term(Big),
    io:format("~p~n", [Strs2 =:= Strs andalso Pairs2 =:= Pairs]),
    io:format("~p~n", [erlang:phash2(Strs) =:= erlang:phash2([integer_to_list(I) || I <- L])]).
wake({Parent, Keep, Bins}) ->
    receive go -> ok end,
    More = [{K, V ++ "!"} || {K, V} <- Keep],
    Parent ! {woke, length(More), erlang:phash2({More, Bins})}.
deep(0) -> [];
deep(N) -> [N | [deep(N - 1)]].
depth([], D) -> D;
depth([_ | [T]], D) -> depth(T, D + 1).

%% sets: the OTP 25 `sets' API, written from its documented behaviour.
%%
%% Deviation from OTP: every set uses the map-based representation that
%% OTP 24+ calls version 2 (#{Element => []}), including the sets returned
%% by new/0 and from_list/1; OTP 25 returns its older record-based
%% (version 1) representation from those unless {version, 2} is given.
%% new/1 and from_list/2 accept the {version, 1 | 2} option but always
%% build version 2 sets.  Elements are compared with =:= (as in OTP), and
%% to_list/1, fold/3 and filter/2 visit elements in map order.
-module(sets).

-export([add_element/2, del_element/2, filter/2, fold/3, from_list/1,
         from_list/2, intersection/1, intersection/2, is_disjoint/2,
         is_element/2, is_empty/1, is_set/1, is_subset/2, new/0, new/1,
         size/1, subtract/2, to_list/1, union/1, union/2]).

new() -> #{}.

new(Opts) when is_list(Opts) ->
    check_opts(Opts),
    #{}.

check_opts([{version, V} | T]) when V =:= 1; V =:= 2 -> check_opts(T);
check_opts([_ | T]) -> check_opts(T);
check_opts([]) -> ok.

from_list(List) -> from_list_1(List, #{}).

from_list(List, Opts) when is_list(Opts) ->
    check_opts(Opts),
    from_list_1(List, #{}).

from_list_1([E | Es], S) -> from_list_1(Es, S#{E => []});
from_list_1([], S) -> S.

is_set(S) -> is_map(S).

size(S) -> map_size(S).

is_empty(S) -> map_size(S) =:= 0.

to_list(S) when is_map(S) -> maps:keys(S).

is_element(E, S) when is_map(S) ->
    case S of
        #{E := _} -> true;
        #{} -> false
    end.

add_element(E, S) when is_map(S) -> S#{E => []}.

del_element(E, S) when is_map(S) -> maps:remove(E, S).

union(S1, S2) when is_map(S1), is_map(S2) -> maps:merge(S1, S2).

union([S1, S2 | Ss]) -> union1(union(S1, S2), Ss);
union([S]) -> S;
union([]) -> new().

union1(S1, [S2 | Ss]) -> union1(union(S1, S2), Ss);
union1(S1, []) -> S1.

intersection(S1, S2) when is_map(S1), is_map(S2) ->
    case map_size(S1) =< map_size(S2) of
        true -> maps:with(maps:keys(S1), S2);
        false -> maps:with(maps:keys(S2), S1)
    end.

intersection([S1, S2 | Ss]) -> intersection1(intersection(S1, S2), Ss);
intersection([S]) -> S.

intersection1(S1, [S2 | Ss]) -> intersection1(intersection(S1, S2), Ss);
intersection1(S1, []) -> S1.

is_disjoint(S1, S2) when is_map(S1), is_map(S2) ->
    case map_size(S1) =< map_size(S2) of
        true -> is_disjoint_1(maps:keys(S1), S2);
        false -> is_disjoint_1(maps:keys(S2), S1)
    end.

is_disjoint_1([E | Es], S) ->
    case S of
        #{E := _} -> false;
        #{} -> is_disjoint_1(Es, S)
    end;
is_disjoint_1([], _) -> true.

subtract(S1, S2) when is_map(S1), is_map(S2) -> maps:without(maps:keys(S2), S1).

is_subset(S1, S2) when is_map(S1), is_map(S2) ->
    map_size(S1) =< map_size(S2) andalso is_subset_1(maps:keys(S1), S2).

is_subset_1([E | Es], S) ->
    case S of
        #{E := _} -> is_subset_1(Es, S);
        #{} -> false
    end;
is_subset_1([], _) -> true.

fold(F, Acc, S) when is_function(F, 2), is_map(S) -> lists:foldl(F, Acc, maps:keys(S)).

filter(F, S) when is_function(F, 1), is_map(S) ->
    maps:from_keys([E || E <- maps:keys(S), F(E)], []).
